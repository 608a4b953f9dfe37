namespace Engine;

/// <summary>
/// Reports for the host the build runs on, callable from any target: on GitHub Actions an error becomes an annotation
/// and Markdown goes to the job's step summary; on a terminal both are left to the log.
/// </summary>
public static class HostReporting
{
    /// <summary>An error the host shows beside the run (GitHub: an <c>::error::</c> annotation), masked like the
    /// log.</summary>
    public static void ReportError(this INukeBuild build, string title, string message)
        => Output(build).ReportError(title, message);

    /// <summary>Markdown appended to the host's summary page (GitHub: <c>$GITHUB_STEP_SUMMARY</c>), masked like the
    /// log.</summary>
    public static void AppendSummary(this INukeBuild build, string markdown) => Output(build).AppendSummary(markdown);

    private static HostOutput Output(INukeBuild build) =>
        (build as NukeBuild)?.Context?.Output
            ?? throw new InvalidOperationException("the build has not been started through BuildRunner");
}
