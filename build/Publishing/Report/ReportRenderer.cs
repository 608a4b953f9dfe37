using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Engine;

namespace Publishing;

/// <summary>
/// Renders <see cref="ReportModel"/> as one self-contained HTML page (inline CSS/SVG, no scripts, no external URLs).
/// </summary>
public static class ReportRenderer
{
    private const string Css = """
        :root{--go:#1a7f37;--nogo:#cf222e;--muted:#57606a;--line:#d0d7de}
        *{box-sizing:border-box}
        body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1f2328}
        h1{font-size:1.5rem;margin:.2rem 0}
        h2{font-size:1.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:1.6rem}
        .decision{padding:.8rem 1rem;border-radius:.4rem;color:#fff}.decision.go{background:var(--go)}
        .decision.nogo{background:var(--nogo)}
        .decision strong{font-size:1.6rem}.meta{color:var(--muted);font-size:.9rem;word-break:break-all}
        table{width:100%;border-collapse:collapse}
        th,td{text-align:left;padding:.35rem .4rem;border-bottom:1px solid var(--line);vertical-align:top}
        .status{font-weight:600;white-space:nowrap}.Pass{color:var(--go)}.Fail{color:var(--nogo)}.Skipped{color:#9a6700}
        .id{font-family:ui-monospace,monospace;font-size:.85rem;color:var(--muted)}
        .bar{height:.8rem;background:#0969da;border-radius:2px;min-width:2px}
        svg{max-width:100%;height:auto}ul.ev{margin:.2rem 0;padding-left:1.1rem}
        @media (max-width:40rem){thead{display:none}
          tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}
          td{display:block;border:0;padding:.1rem 0}}
        @media print{body{max-width:none;font-size:11pt}
          .decision{color:#000;border:2px solid #000;background:none!important}
          a{color:#000;text-decoration:none}tr{break-inside:avoid}}
        """;

    private static readonly Regex UnsafeSvg = new(
        @"<\s*script|\son\w+\s*=|(href|src)\s*=\s*[""']?\s*(https?:|//|javascript:)|<\s*foreignObject",
        RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>Renders the page; the same model gives the same bytes.</summary>
    public static string Render(ReportModel model)
    {
        var go = model.Decision == "GO";
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
         .Append("<title>VVTV release ").Append(E(model.Version)).Append(" — ").Append(E(model.Decision))
             .Append("</title>")
         .Append("<style>").Append(Css).Append("</style></head><body>\n");
        h.Append("<h1>VVTV release ").Append(E(model.Version)).Append("</h1>")
         .Append("<p class=\"meta\">VVTV commit <code>").Append(E(model.Commit)).Append("</code></p>\n");
        if (model.Signature is not null)
            h.Append("<p class=\"meta signature\">Signature: ").Append(E(model.Signature)).Append("</p>\n");
        h.Append("<section class=\"decision ").Append(go ? "go" : "nogo").Append("\"><strong>")
            .Append(E(model.Decision)).Append("</strong>");
        if (model.Reasons.Count > 0)
        {
            h.Append("<ul>");
            foreach (var r in model.Reasons) h.Append("<li>").Append(E(r)).Append("</li>");
            h.Append("</ul>");
        }
        var passed = model.Items.Count(i => i.Status == "Pass");
        h.Append("<div>").Append(passed).Append(" of ").Append(model.Items.Count)
            .Append(" items pass</div></section>\n");
        if (model.Runs.Count > 0)
        {
            h.Append("<p class=\"meta\">Evidence from ");
            h.AppendJoin(", ", model.Runs.OrderBy(r => r.RunId, StringComparer.Ordinal).Select(r =>
                $"run <code>{E(r.RunId)}</code> (started {Time(r.StartedAt)}, last evidence " +
                $"{Time(r.LastEvidenceAt)})"));
            h.Append("</p>\n");
        }

        if (model.LiveChanges.Count > 0)
        {
            h.Append("<h2>").Append(DecisionMarkdown.LiveChangesHeading).Append("</h2>\n<ul class=\"changes\">");
            foreach (var c in model.LiveChanges)
                h.Append("<li>").Append(Time(c.At)).Append(" <strong>").Append(E(c.Step)).Append("</strong>: ")
                    .Append(E(c.Changed)).Append("</li>");
            h.Append("</ul>\n");
        }

        h.Append("<h2>Checklist</h2>\n");
        foreach (var section in model.Items.GroupBy(i => i.Section))
        {
            h.Append("<h3>").Append(E(section.Key))
                .Append("</h3><table><thead><tr><th>Status</th><th>Item</th><th>Reason</th><th>Evidence</th></tr>")
                .Append("</thead><tbody>\n");
            foreach (var item in section)
            {
                h.Append("<tr id=\"item-").Append(E(item.Id)).Append("\"><td class=\"status ").Append(E(item.Status))
                    .Append("\">")
                 .Append(E(item.Status)).Append(item.Optional ? " <small>(optional)</small>" : "").Append("</td><td>")
                 .Append(E(item.Text)).Append("<div class=\"id\">").Append(E(item.Id))
                 .Append(item.Source is null ? "" : " · " + E(item.Source)).Append("</div></td><td>")
                 .Append(E(item.Reason)).Append("</td><td>");
                if (item.Evidence.Count > 0)
                {
                    h.Append("<ul class=\"ev\">");
                    foreach (var link in item.Evidence)
                        h.Append("<li><a href=\"").Append(E(RelativeHref(link.RelativePath))).Append("\">")
                            .Append(E(link.Label)).Append("</a></li>");
                    h.Append("</ul>");
                }
                h.Append("</td></tr>\n");
            }
            h.Append("</tbody></table>\n");
        }

        if (model.Targets.Count > 0)
        {
            var start = model.Targets.Min(t => t.Start);
            var end = model.Targets.Max(t => t.Start + t.Duration);
            var span = Math.Max((end - start).TotalSeconds, 0.001);
            h.Append("<h2>Timeline</h2><table><thead><tr><th>Target</th><th>Status</th><th>Duration</th><th " +
                "style=\"width:40%\"></th></tr></thead><tbody>\n");
            foreach (var t in model.Targets.OrderBy(t => t.Start))
            {
                var left = (t.Start - start).TotalSeconds / span * 100;
                var width = t.Duration.TotalSeconds / span * 100;
                h.Append("<tr><td>").Append(E(t.Name)).Append("</td><td class=\"status ").Append(E(t.Status))
                    .Append("\">").Append(E(t.Status))
                 .Append("</td><td>").Append(Duration(t.Duration))
                     .Append("</td><td><div class=\"bar\" style=\"margin-left:")
                 .Append(Pct(left)).Append("%;width:").Append(Pct(width)).Append("%\"></div></td></tr>\n");
            }
            h.Append("</tbody></table>\n");
        }

        if (!string.IsNullOrWhiteSpace(model.SoakChartSvg))
        {
            var svg = model.SoakChartSvg.Trim();
            if (!svg.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) || UnsafeSvg.IsMatch(svg))
                throw new ArgumentException(
                    "Soak chart must be plain inline SVG starting with <svg, without scripts, event handlers, " +
                    "foreignObject or external links.");
            h.Append("<h2>Soak</h2><figure>").Append(svg).Append("</figure>\n");
        }
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    // Evidence links stay inside the bundle: anything absolute or escaping it is refused instead of rendered.
    private static string RelativeHref(string path)
    {
        if (path.Contains(':') || path.StartsWith('/') || path.Contains('\\') || path.Split('/').Contains(".."))
            throw new ArgumentException($"Evidence link '{path}' must be a relative path inside the bundle.");
        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    private static string Time(DateTimeOffset t) => UtcTime.Format(t, UtcTime.DisplayFormat);

    private static string Pct(double v) => Math.Round(v, 2).ToString(CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan d) => d.TotalHours >= 1
        ? $"{(int)d.TotalHours}h {d.Minutes:00}m"
        : d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m {d.Seconds:00}s"
            : $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s";
}
