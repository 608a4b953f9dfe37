using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

namespace Publishing;

/// <summary>
/// Runs ssh-keygen (OpenSSH's signing and verification, the format git and GitHub use) through CliWrap.
/// </summary>
internal static class SshKeygen
{
    /// <summary>
    /// Runs ssh-keygen with <paramref name="args"/>, feeding <paramref name="input"/> (a file) on stdin.
    /// </summary>
    /// <remarks><paramref name="agentSocket"/> replaces SSH_AUTH_SOCK for this call; null keeps the build's
    /// own.</remarks>
    public static BufferedCommandResult Run(IReadOnlyList<string> args, string? input = null,
        string? agentSocket = null)
    {
        var command = Cli.Wrap("ssh-keygen").WithArguments(args).WithValidation(CommandResultValidation.None)
            // Never prompt: a passphrase-protected key without an agent fails with a message instead of hanging.
            .WithEnvironmentVariables(e =>
            {
                e.Set("SSH_ASKPASS_REQUIRE", "never").Set("DISPLAY", null);
                if (agentSocket is not null) e.Set("SSH_AUTH_SOCK", agentSocket);
            });
        try
        {
            if (input is null) return command.ExecuteBufferedAsync().GetAwaiter().GetResult();
            using var stream = File.OpenRead(input);
            return command.WithStandardInputPipe(PipeSource.FromStream(stream)).ExecuteBufferedAsync().GetAwaiter()
                .GetResult();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("ssh-keygen (OpenSSH 8.2 or newer) is needed to sign and verify: " +
                e.Message, e);
        }
    }

    /// <summary>The last non-empty line ssh-keygen wrote, for an error message.</summary>
    public static string Why(BufferedCommandResult result)
    {
        var lines = (result.StandardError + "\n" + result.StandardOutput).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return lines.Count == 0 ? $"ssh-keygen exited with {result.ExitCode}" : lines[^1];
    }
}
