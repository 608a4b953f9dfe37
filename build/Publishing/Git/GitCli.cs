using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

namespace Publishing;

/// <summary>Read-only git queries on a checkout through CliWrap: never prompts, never changes the repository.</summary>
public static class GitCli
{
    /// <summary>
    /// The trimmed output of <c>git args</c> in <paramref name="dir"/>, or null when git fails or is missing.
    /// </summary>
    public static async Task<string?> TryAsync(string dir, CancellationToken ct, params string[] args)
    {
        try
        {
            var result = await Cli.Wrap("git").WithArguments(args).WithWorkingDirectory(dir)
                .WithEnvironmentVariables(e => e.Set("GIT_TERMINAL_PROMPT", "0").Set("GIT_OPTIONAL_LOCKS", "0"))
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="dir"/> is the top folder of a git checkout (not a folder inside another one).
    /// </summary>
    public static async Task<bool> IsCheckoutTopAsync(string dir, CancellationToken ct) =>
        await TryAsync(dir, ct, "rev-parse", "--show-toplevel") is { } top &&
        Full(top) == Full(dir);

    private static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
