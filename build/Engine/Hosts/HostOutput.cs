namespace Engine;

/// <summary>
/// What the build tells the system it runs on, beyond its log: log groups per target, error annotations, a summary
/// page.
/// A terminal has none of these; <see cref="GitHubActionsOutput"/> writes GitHub's workflow commands.
/// </summary>
internal class HostOutput : IDisposable
{
    public static HostOutput For(Host host, TextWriter console, IReadOnlyDictionary<string, string> environment) =>
        host == Host.GitHubActions ? new GitHubActionsOutput(console, environment) : new HostOutput();

    public virtual void BeginTarget(string target) { }

    public virtual void EndTarget(string target) { }

    public virtual void ReportError(string title, string message) { }

    public virtual void AppendSummary(string markdown) { }

    public virtual void Dispose() { }
}
