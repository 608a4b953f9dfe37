using CliWrap;
using Tests.Shared;

namespace Build.Tests.Support;

/// <summary>The repository's build.sh as a command, in a network namespace of the test's or in the test's own.
/// </summary>
internal static class BuildSh
{
    /// <summary>
    /// build.sh with <paramref name="arguments"/>, entered into <paramref name="network"/> when there is one, as a test
    /// may interrupt it (<see cref="Interruptible"/>). env and nsenter exec what follows, so the process id the test
    /// signals is still the build's.
    /// </summary>
    public static Command In(OwnNetwork? network, IReadOnlyList<string> arguments)
    {
        var script = Repository.PathOf("build.sh");
        if (network is null) return Interruptible.Command(script, arguments);
        var line = network.Enter(script, arguments);
        return Interruptible.Command(line[0], line[1..]);
    }
}
