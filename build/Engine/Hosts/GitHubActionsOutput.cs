using System.Text;

namespace Engine;

/// <summary>
/// GitHub Actions workflow commands on the build's standard output: <c>::group::</c> per target, <c>::error::</c>
/// annotations, <c>::add-mask::</c> for every secret the masker knows (before anything can print it), and Markdown
/// appended to the file named by <c>GITHUB_STEP_SUMMARY</c>.
/// </summary>
internal sealed class GitHubActionsOutput : HostOutput
{
    private readonly TextWriter _console;
    private readonly string? _summaryFile;
    private readonly Lock _gate = new();

    public GitHubActionsOutput(TextWriter console, IReadOnlyDictionary<string, string> environment)
    {
        _console = console;
        _summaryFile = environment.TryGetValue("GITHUB_STEP_SUMMARY", out var file) && file.Length > 0 ? file : null;
        // Secrets read from parameters are known before this host exists; later ones are masked as they are registered.
        SecretMasker.Global.Registered += Mask;
        foreach (var secret in SecretMasker.Global.Known) Mask(secret);
    }

    public override void BeginTarget(string target) => Command($"::group::{Data(target)}");

    public override void EndTarget(string target) => Command("::endgroup::");

    public override void ReportError(string title, string message) =>
        Command(
            $"::error title={Property(SecretMasker.Global.Mask(title))}::{Data(SecretMasker.Global.Mask(message))}");

    public override void AppendSummary(string markdown)
    {
        if (_summaryFile is null) return;
        var text = SecretMasker.Global.Mask(markdown);
        lock (_gate) File.AppendAllText(_summaryFile, text.EndsWith('\n') ? text : text + "\n");
    }

    public override void Dispose() => SecretMasker.Global.Registered -= Mask;

    // The runner masks line by line, so a multi-line secret is registered one line at a time.
    private void Mask(string secret)
    {
        foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Command($"::add-mask::{Data(line)}");
    }

    private void Command(string line)
    {
        lock (_gate)
        {
            _console.WriteLine(line);
            _console.Flush();
        }
    }

    // GitHub's escaping of command data and of property values (toCommandValue / escapeProperty in @actions/core).
    internal static string Data(string value) =>
        new StringBuilder(value).Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A").ToString();

    internal static string Property(string value) => new StringBuilder(Data(value)).Replace(":", "%3A").Replace(",",
        "%2C").ToString();
}
