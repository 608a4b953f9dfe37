using CliWrap;
using Tests.Shared;

namespace Build.Tests.Support;

/// <summary>The repository's build.sh as a command, in a network namespace of the test's or in the test's own.
/// </summary>
internal static class BuildSh
{
    /// <summary>
    /// build.sh with <paramref name="arguments"/>, entered into <paramref name="network"/> when there is one (nsenter
    /// execs it, so the process id the test signals is still the build's).
    /// </summary>
    public static Command In(OwnNetwork? network, IReadOnlyList<string> arguments)
    {
        var script = Repository.PathOf("build.sh");
        if (network is null) return Cli.Wrap(script).WithArguments(arguments);
        var line = network.Enter(script, arguments);
        return Cli.Wrap(line[0]).WithArguments(line[1..]);
    }
}
