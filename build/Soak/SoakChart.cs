using System.Globalization;
using System.Net;
using System.Text;

namespace Soak;

/// <summary>
/// soak-chart.svg for the report: buffer minutes as a line against the critical level, alert counts as bars, stream disruptions and
/// unmeasured samples as marks, over the soak's time. Plain inline SVG (no scripts, no external references), as the report requires.
/// </summary>
public static class SoakChart
{
    public const string FileName = "soak-chart.svg";
    private const int Width = 800, Height = 320, Left = 56, Right = 56, Top = 28, Bottom = 44;

    public static string Render(IReadOnlyList<SoakSampleRecord> samples, SoakVerdict verdict)
    {
        var s = new StringBuilder();
        s.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        s.Append(Inv($"<title>Soak {verdict.Verdict}: {verdict.Samples}/{verdict.ExpectedSamples} samples</title>\n"));
        s.Append(Inv($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n"));
        s.Append(Inv($"<text x=\"{Left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{Escape($"Soak {verdict.Verdict} · {verdict.Samples}/{verdict.ExpectedSamples} samples · {verdict.Engine.ToString().ToLowerInvariant()} engine")}</text>\n"));
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        s.Append(Inv($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>\n"));
        if (samples.Count == 0)
        {
            s.Append(Inv($"<text x=\"{Left + plotW / 2}\" y=\"{Top + plotH / 2}\" text-anchor=\"middle\">no samples</text>\n</svg>\n"));
            return s.ToString();
        }

        var t0 = samples[0].T;
        var span = Math.Max(1, (samples[^1].T - t0).TotalSeconds);
        double X(SoakSampleRecord r) => Left + plotW * (r.T - t0).TotalSeconds / span;
        var bufferMax = Math.Max(SampleJudge.BufferCriticalMinutes * 2, samples.Max(r => r.BufferMinutes ?? 0)) * 1.1;
        double YBuffer(double v) => Top + plotH * (1 - v / bufferMax);
        var alertMax = Math.Max(1, samples.Max(r => r.AlertCount ?? 0));
        double YAlerts(double v) => Top + plotH * (1 - v / alertMax);

        // Axes: buffer minutes on the left, alert count on the right, time along the bottom.
        foreach (var v in new[] { 0, SampleJudge.BufferCriticalMinutes, Math.Round(bufferMax / 1.1) })
            s.Append(Inv($"<text x=\"{Left - 6}\" y=\"{YBuffer(v) + 4:0.#}\" text-anchor=\"end\" fill=\"#1f5fa8\">{v:0.#}</text>\n"));
        s.Append(Inv($"<text x=\"{Left - 44}\" y=\"{Top - 8}\" fill=\"#1f5fa8\">buffer min</text>\n"));
        s.Append(Inv($"<text x=\"{Width - Right + 6}\" y=\"{YAlerts(alertMax) + 4:0.#}\" fill=\"#b36b00\">{alertMax}</text>\n"));
        s.Append(Inv($"<text x=\"{Width - Right + 6}\" y=\"{YAlerts(0) + 4:0.#}\" fill=\"#b36b00\">0</text>\n"));
        s.Append(Inv($"<text x=\"{Width - Right - 10}\" y=\"{Top - 8}\" fill=\"#b36b00\">alerts</text>\n"));
        s.Append(Inv($"<text x=\"{Left}\" y=\"{Height - 24}\">{SoakJson.Time(t0)}</text>\n"));
        s.Append(Inv($"<text x=\"{Width - Right}\" y=\"{Height - 24}\" text-anchor=\"end\">{SoakJson.Time(samples[^1].T)}</text>\n"));
        s.Append(Inv($"<line x1=\"{Left}\" y1=\"{YBuffer(SampleJudge.BufferCriticalMinutes):0.#}\" x2=\"{Width - Right}\" y2=\"{YBuffer(SampleJudge.BufferCriticalMinutes):0.#}\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>\n"));

        var barW = Math.Max(1, Math.Min(8, plotW / (double)samples.Count * 0.6));
        foreach (var r in samples.Where(r => r.AlertCount > 0))
            s.Append(Inv($"<rect x=\"{X(r) - barW / 2:0.#}\" y=\"{YAlerts(r.AlertCount!.Value):0.#}\" width=\"{barW:0.#}\" height=\"{YAlerts(0) - YAlerts(r.AlertCount!.Value):0.#}\" fill=\"#f0b050\" opacity=\"0.6\"/>\n"));

        // The buffer line breaks where a sample could not measure it: missing data is not drawn as a value.
        var path = new StringBuilder();
        var pen = false;
        foreach (var r in samples)
        {
            if (r.BufferMinutes is not { } b) { pen = false; continue; }
            path.Append(Inv($"{(pen ? "L" : "M")}{X(r):0.#} {YBuffer(b):0.#} "));
            pen = true;
        }
        if (path.Length > 0) s.Append(Inv($"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\"/>\n"));
        foreach (var r in samples.Where(r => r.BufferMinutes is not null && samples.Count <= 200))
            s.Append(Inv($"<circle cx=\"{X(r):0.#}\" cy=\"{YBuffer(r.BufferMinutes!.Value):0.#}\" r=\"2\" fill=\"#1f5fa8\"/>\n"));

        foreach (var r in samples.Where(r => r.Disrupted))
            s.Append(Inv($"<path d=\"M{X(r):0.#} {Top + plotH + 4} l-5 10 h10 z\" fill=\"#c0392b\"><title>{Escape($"k={r.K} {SoakJson.Time(r.T)}: stream disruption")}</title></path>\n"));
        foreach (var r in samples.Where(r => r.Outcome == SampleOutcome.Error))
            s.Append(Inv($"<rect x=\"{X(r) - 3:0.#}\" y=\"{Top + 2}\" width=\"6\" height=\"6\" fill=\"#7f8c8d\"><title>{Escape($"k={r.K} {SoakJson.Time(r.T)}: {string.Join("; ", r.Reasons)}")}</title></rect>\n"));

        s.Append(Inv($"<text x=\"{Left}\" y=\"{Height - 8}\">{Escape($"— buffer minutes · - - critical {SampleJudge.BufferCriticalMinutes:0} min · bars: alerts · ▲ stream disruptions ({verdict.StreamDisruptionObservations}) · ■ not measured ({verdict.Errors})")}</text>\n"));
        s.Append("</svg>\n");
        return s.ToString();
    }

    private static string Inv(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
