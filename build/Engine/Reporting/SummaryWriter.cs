using Serilog.Events;

namespace Engine;

/// <summary>End-of-run recap: warnings/errors, then Target | Status | Duration with notes, a Total row and the closing
/// line.</summary>
internal static class SummaryWriter
{
    public static void Write(TextWriter o, IReadOnlyList<(LogEventLevel Level, string Text)> events,
        IReadOnlyList<TargetResult> results,
        TimeSpan total, bool ok, Serilog.ILogger? files = null)
    {
        var lines = new List<string>();
        if (events.Count > 0)
        {
            lines.Add("");
            lines.Add("Warnings & errors:");
            lines.AddRange(events.Select(e
                => $"  {(e.Level == LogEventLevel.Warning ? "WRN" : "ERR")} {e.Text.Split('\n')[0]}"));
        }
        var w = Math.Max(6, results.Select(r => r.Name.Length).DefaultIfEmpty(0).Max()) + 2;
        var rule = new string('═', w + 12 + 10 + 20);
        lines.Add("");
        lines.Add(rule);
        lines.Add($"{"Target".PadRight(w)}{"Status",-12}{"Duration",-10}");
        lines.Add(new string('─', rule.Length));
        foreach (var r in results)
        {
            var duration = r.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted
                ? Format(r.Duration) : "";
            lines.Add(
                $"{r.Name.PadRight(w)}{r.Status,-12}{duration,-10}{(r.Note is null ? "" : "// " + r.Note)}".TrimEnd());
        }
        lines.Add(new string('─', rule.Length));
        lines.Add($"{"Total".PadRight(w)}{"",-12}{Format(total),-10}".TrimEnd());
        lines.Add(rule);
        lines.Add("");
        lines.Add(
            $"Build {(ok ? "succeeded" : "failed")} on {DateTime.Now:yyyy-MM-dd HH:mm:ss}. " +
            (ok ? "\\(^ᴗ^)/" : "(╯°□°)╯︵ ┻━┻"));
        foreach (var l in lines)
        {
            o.WriteLine(SecretMasker.Global.Mask(l));
            files?.ForContext(BuildLogger.FileOnly, true).Information("{Line:l}", l);
        }
        o.Flush();
    }

    /// <summary>The same table as Markdown, for a host's summary page.</summary>
    public static string Markdown(IReadOnlyList<TargetResult> results, TimeSpan total, bool ok)
    {
        static string Cell(string? s) => (s ?? "").Replace("|", "\\|").Replace("\n", " ");
        var md = new System.Text.StringBuilder();
        md.Append("### Build ").Append(ok ? "succeeded"
            : "failed").Append("\n\n| Target | Status | Duration | Note |\n|---|---|---|---|\n");
        foreach (var r in results)
        {
            var duration = r.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted
                ? Format(r.Duration) : "";
            md.Append($"| {Cell(r.Name)} | {r.Status} | {duration} | {Cell(r.Note)} |\n");
        }
        md.Append($"| **Total** | | {Format(total)} | |\n");
        return md.ToString();
    }

    public static string Format(TimeSpan t) => t < TimeSpan.FromSeconds(1) ? "< 1sec"
        : $"{(int)t.TotalMinutes}:{t.Seconds:00}";
}
