using CliWrap;

namespace Tests.Shared;

/// <summary>
/// A command a test may interrupt as Ctrl-C does (SIGINT): run through env with SIGINT at its default. A dotnet test
/// started as a background job (no job control) inherits SIGINT ignored, and bash and .NET keep an ignored SIGINT
/// ignored, so a kill -INT would reach nothing. env execs the program, so its process id is the program's.
/// </summary>
public static class Interruptible
{
    public static Command Command(string program, IEnumerable<string> arguments) =>
        Cli.Wrap("env").WithArguments(["--default-signal=INT", program, .. arguments]);
}
