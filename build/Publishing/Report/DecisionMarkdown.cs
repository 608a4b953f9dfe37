using System.Text;
using Engine;

namespace Publishing;

/// <summary>
/// Renders decision.md, of a run and of a release (the one renderer for both): decision, signature and reasons first,
/// then the checklist by section with evidence paths.
/// </summary>
/// <remarks>
/// Built from the same <see cref="ReportModel"/> as report.html and free of the publishing run's clock, so the same
/// evidence gives the same notes.
/// </remarks>
public static class DecisionMarkdown
{
    /// <summary>The heading of the list of live changes, in decision.md and report.html.</summary>
    public const string LiveChangesHeading = "Changes made to the live workspace";

    /// <summary>The decision summary: title, commit, runs, count of passing items, signature and reasons.</summary>
    public static string Summary(ReportModel model)
    {
        var md = new StringBuilder();
        if (model.Version.Length == 0) md.Append("# Release decision: ").Append(model.Decision).Append("\n\n");
        else md.Append("# VVTV ").Append(model.Version).Append(": ").Append(model.Decision).Append("\n\n");
        md.Append("- VVTV commit: `").Append(model.Commit).Append("`\n");
        foreach (var run in model.Runs.OrderBy(r => r.RunId, StringComparer.Ordinal))
            md.Append("- Evidence run `").Append(run.RunId).Append("`: started ").Append(Time(run.StartedAt))
              .Append(", last evidence ").Append(Time(run.LastEvidenceAt)).Append('\n');
        var passed = model.Items.Count(i => i.Status == "Pass");
        md.Append("- ").Append(passed).Append(" of ").Append(model.Items.Count).Append(" checklist items pass\n");
        if (model.Signature is not null) md.Append("- Signature: ").Append(Line(model.Signature)).Append('\n');
        md.Append('\n');
        if (model.Reasons.Count > 0)
        {
            md.Append("## Reasons\n\n");
            foreach (var r in model.Reasons) md.Append("- ").Append(Line(r)).Append('\n');
            md.Append('\n');
        }
        if (model.LiveChanges.Count > 0)
        {
            md.Append("## ").Append(LiveChangesHeading).Append("\n\n");
            foreach (var c in model.LiveChanges)
                md.Append("- ").Append(Time(c.At)).Append(" **").Append(Line(c.Step)).Append("**: ")
                  .Append(Line(c.Changed)).Append('\n');
            md.Append('\n');
        }
        return md.ToString();
    }

    /// <summary>The Markdown text; the same model gives the same text.</summary>
    public static string Render(ReportModel model)
    {
        var md = new StringBuilder(Summary(model));
        foreach (var section in model.Items.GroupBy(i => i.Section))
        {
            md.Append("## ").Append(section.Key).Append("\n\n");
            foreach (var i in section)
            {
                var box = i.Status == "Pass" ? "[x]" : "[ ]";
                md.Append("- ").Append(box).Append(" **").Append(i.Id).Append("**")
                    .Append(i.Optional ? " (optional)" : "")
                  .Append(": ").Append(Line(i.Text)).Append(" — ").Append(i.Status)
                  .Append(": ").Append(Line(i.Reason));
                if (i.Source is not null) md.Append(" _(").Append(Line(i.Source)).Append(")_");
                md.Append('\n');
                foreach (var e in i.Evidence) md.Append("  - evidence: `").Append(e.RelativePath).Append("`\n");
            }
            md.Append('\n');
        }
        return md.ToString();
    }

    private static string Time(DateTimeOffset t) => UtcTime.Millis(t);

    // Reasons come from measured output; keep each on one Markdown line.
    private static string Line(string text) => text.Replace("\r", " ").Replace("\n", " ");
}
