using CliWrap;

namespace Soak;

/// <summary>
/// Where the soak's commands run and with which environment (the run's: cargo on PATH, production secrets).
/// </summary>
public sealed record SoakWorkspace(string Root, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>
    /// A command in the workspace; the program is resolved on the command's own PATH when it runs in its process group.
    /// </summary>
    public Command Command(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string,
        string?>? extra = null)
    {
        var env = new Dictionary<string, string?>(Environment);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        return Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(Root).WithEnvironmentVariables(env);
    }
}
