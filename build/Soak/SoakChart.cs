using System.Globalization;
using System.Net;
using System.Text;

namespace Soak;

/// <summary>
/// soak-chart.svg for the report: buffer minutes against the critical level (drawn over the buffer line, so it stays
/// visible where the buffer sits on it), each sample's response time on its own axis, time ticks from seconds to hours,
/// and lanes marking where alerts, errors and stream disruptions happened. Samples are gathered into at most
/// <see cref="MaxBins"/> time bins in one pass over the journal, so a soak of any length renders in flat memory.
/// Plain inline SVG (no scripts, no external references), as the report requires.
/// </summary>
public static class SoakChart
{
    public const string FileName = "soak-chart.svg";
    public const int MaxBins = 1000;
    private const int Width = 960, Height = 440, Left = 72, Right = 80, Top = 96, Bottom = 74;
    private const int PlotW = Width - Left - Right, PlotH = Height - Top - Bottom;
    private const string BufferColour = "#1f5fa8", LatencyColour = "#2e8b57", CriticalColour = "#c0392b";
    private const string AlertColour = "#e67e22", ErrorColour = "#7f8c8d";

    public static string Render(IEnumerable<SoakSampleRecord> samples, SoakVerdict verdict)
    {
        var s = new StringBuilder();
        s.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" "))
            .Append(Inv($"height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        s.Append(Inv($"<title>Soak {verdict.Verdict}: {verdict.Samples}/{verdict.ExpectedSamples} samples</title>\n"));
        s.Append(Inv($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n"));
        var engine = verdict.Engine.ToString().ToLowerInvariant();
        Text(s, "chart-title", Left, 24,
            $"Soak {verdict.Verdict} · {verdict.Samples}/{verdict.ExpectedSamples} samples · "
            + $"{engine} engine", "font-size=\"16\" font-weight=\"bold\"");
        s.Append(Inv($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotW}\" height=\"{PlotH}\" fill=\"none\" "))
            .Append("stroke=\"#999\"/>\n");
        if (verdict.FirstSampleAt is not { } t0 || verdict.LastSampleAt is not { } tn)
        {
            Text(s, "no-samples", Left + PlotW / 2, Top + PlotH / 2, "no samples", "text-anchor=\"middle\"");
            return s.Append("</svg>\n").ToString();
        }

        var span = Math.Max(1, (tn - t0).TotalSeconds);
        var bins = Gather(samples, t0, span, Math.Min(MaxBins, Math.Max(1, verdict.Samples)));
        var filled = bins.Where(b => b is not null).Select(b => b!).ToList();
        double X(Bin b) => Left + PlotW * b.Seconds / span;

        var bufferTop = NiceCeiling(Math.Max(SampleJudge.BufferCriticalMinutes * 2,
            filled.Max(b => b.MaxBuffer ?? 0)) * 1.1);
        double YBuffer(double v) => Top + PlotH * (1 - v / bufferTop);
        var latencyTop = NiceCeiling(Math.Max(10, filled.Max(b => b.MaxLatency ?? 0)) * 1.1);
        double YLatency(double v) => Top + PlotH * (1 - v / latencyTop);

        // Axis titles sit beside their axes, rotated, well below the chart title.
        Text(s, "axis-title-buffer", 18, Top + PlotH / 2.0, "buffer (minutes)",
            Inv($"text-anchor=\"middle\" fill=\"{BufferColour}\" transform=\"rotate(-90 18 {Top
                + PlotH / 2.0:0.#})\""));
        Text(s, "axis-title-latency", Width - 16, Top + PlotH / 2.0, "response time (ms)",
            Inv($"text-anchor=\"middle\" fill=\"{LatencyColour}\" transform=\"rotate(90 {Width - 16} {Top
                + PlotH / 2.0:0.#})\""));
        foreach (var v in Ticks(bufferTop))
            Text(s, "tick-buffer", Left - 6, YBuffer(v) + 4, Num(v),
                Inv($"text-anchor=\"end\" fill=\"{BufferColour}\""));
        foreach (var v in Ticks(latencyTop))
            Text(s, "tick-latency", Width - Right + 6, YLatency(v) + 4, Num(v), Inv($"fill=\"{LatencyColour}\""));
        TimeAxis(s, t0, span);

        // Response time first, then the buffer, then the critical level on top of both.
        Line(s, filled.Where(b => b.MaxLatency is not null).Select(b => (X(b), YLatency(b.MaxLatency!.Value))),
            LatencyColour, "1", "response-time");
        Line(s, filled.Where(b => b.MinBuffer is not null).Select(b => (X(b), YBuffer(b.MinBuffer!.Value))),
            BufferColour, "2", "buffer");
        if (verdict.Samples <= 60)
            foreach (var b in filled.Where(b => b.MinBuffer is not null))
                s.Append(Inv($"<circle cx=\"{X(b):0.#}\" cy=\"{YBuffer(b.MinBuffer!.Value):0.#}\" r=\"3\" "))
                    .Append(Inv($"fill=\"{BufferColour}\"/>\n"));
        var yCritical = YBuffer(SampleJudge.BufferCriticalMinutes);
        s.Append(Inv($"<line class=\"critical\" x1=\"{Left}\" y1=\"{yCritical:0.#}\" x2=\"{Left + PlotW}\" "))
            .Append(Inv($"y2=\"{yCritical:0.#}\" stroke=\"{CriticalColour}\" stroke-width=\"2\" "))
            .Append("stroke-dasharray=\"8 5\"/>\n");
        Text(s, "critical-label", Left + PlotW - 4, yCritical - 5,
            $"critical {SampleJudge.BufferCriticalMinutes:0} min",
                Inv($"text-anchor=\"end\" fill=\"{CriticalColour}\""));

        // Where things happened: one lane each above the plot.
        Lane(s, "alerts", 56, AlertColour, filled.Where(b => b.Alerts > 0), X, b => $"{b.Alerts} alert(s)");
        Lane(s, "errors", 70, ErrorColour, filled.Where(b => b.Errors > 0), X, b => b.FirstError ?? "not measured");
        Lane(s, "disruptions", 84, CriticalColour, filled.Where(b => b.Disruptions > 0), X, _ => "stream disruption");

        Text(s, "legend", Left, Height - 10, $"blue: buffer, lowest per point · green: slowest of the three GETs · "
            + $"{verdict.BlockingAlertObservations} blocking-alert, {verdict.Errors} unmeasured and "
            + $"{verdict.StreamDisruptionObservations} disrupted sample(s)", "font-size=\"11\"");
        return s.Append("</svg>\n").ToString();
    }

    /// <summary>Seconds between time ticks: the first step giving at most eight ticks, from 1 s to a day.</summary>
    public static int TickStep(double spanSecs)
    {
        int[] steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
        return steps.FirstOrDefault(step => spanSecs / step <= 8, 86400 * (int)Math.Ceiling(spanSecs / 86400 / 8));
    }

    /// <summary>A tick's label as time since the first sample: 30 s, 5 min, 2 h, 1 h 30.</summary>
    public static string Elapsed(int secs) =>
        secs < 60 ? $"{secs} s"
        : secs < 3600 ? secs % 60 == 0 ? $"{secs / 60} min" : $"{secs / 60} min {secs % 60} s"
        : secs % 3600 == 0 ? $"{secs / 3600} h" : $"{secs / 3600} h {secs % 3600 / 60:00}";

    private static void TimeAxis(StringBuilder s, DateTimeOffset t0, double span)
    {
        var step = TickStep(span);
        for (var t = 0; t <= span + 1e-9; t += step)
        {
            var x = Left + PlotW * t / span;
            s.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{Top + PlotH}\" x2=\"{x:0.#}\" y2=\"{Top + PlotH
                + 5}\" stroke=\"#666\"/>\n"));
            s.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Top + PlotH}\" stroke=\"#eee\"/>\n"));
            Text(s, "tick-time", x, Top + PlotH + 18, Elapsed(t), "text-anchor=\"middle\"");
        }
        Text(s, "axis-title-time", Left + PlotW / 2.0, Top + PlotH + 36,
            $"time since the first sample ({SoakJson.Time(t0)})", "text-anchor=\"middle\"");
    }

    private static void Lane(StringBuilder s, string name, int y, string colour, IEnumerable<Bin> bins, Func<Bin,
        double> x,
        Func<Bin, string> why)
    {
        Text(s, $"lane-{name}", Left - 6, y + 4, name, Inv($"text-anchor=\"end\" font-size=\"11\" fill=\"{colour}\""));
        s.Append(Inv($"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + PlotW}\" y2=\"{y}\" stroke=\"#eee\"/>\n"));
        foreach (var b in bins)
            s.Append(Inv($"<rect class=\"mark-{name}\" x=\"{x(b) - 2:0.#}\" y=\"{y - 5}\" width=\"4\" height=\"10\" "))
                .Append(Inv($"fill=\"{colour}\"><title>{Escape($"sample {b.FirstK}: {why(b)}")}</title></rect>\n"));
    }

    private static void Line(StringBuilder s, IEnumerable<(double X, double Y)> points, string colour, string width,
        string name)
    {
        var path = new StringBuilder();
        foreach (var (x, y) in points) path.Append(Inv($"{(path.Length == 0 ? "M" : "L")}{x:0.#} {y:0.#} "));
        if (path.Length > 0)
            s.Append(Inv($"<path class=\"{name}\" d=\"{path.ToString().TrimEnd()}\" fill=\"none\" "))
                .Append(Inv($"stroke=\"{colour}\" "))
                .Append(Inv($"stroke-width=\"{width}\"/>\n"));
    }

    private static void Text(StringBuilder s, string cls, double x, double y, string text, string attributes = "") =>
        s.Append(Inv($"<text class=\"{cls}\" x=\"{x:0.#}\" y=\"{y:0.#}\" {attributes}>{Escape(text)}</text>\n"));

    private static Bin?[] Gather(IEnumerable<SoakSampleRecord> samples, DateTimeOffset t0, double span, int count)
    {
        var bins = new Bin?[count];
        foreach (var r in samples)
        {
            var secs = (r.T - t0).TotalSeconds;
            var i = Math.Clamp((int)(secs / span * (count - 1) + 0.5), 0, count - 1);
            var b = bins[i] ??= new Bin { FirstK = r.K, Seconds = span * i / Math.Max(1, count - 1) };
            if (r.BufferMinutes is { } buffer)
            {
                b.MinBuffer = Math.Min(b.MinBuffer ?? buffer, buffer);
                b.MaxBuffer = Math.Max(b.MaxBuffer ?? buffer, buffer);
            }
            var latency = new[] { r.Status.LatencyMs, r.Metrics.LatencyMs, r.Alerts.LatencyMs }.Max();
            if (latency is { } l) b.MaxLatency = Math.Max(b.MaxLatency ?? l, l);
            if (r.AlertCount > 0) b.Alerts = Math.Max(b.Alerts, r.AlertCount.Value);
            if (r.Disrupted) b.Disruptions++;
            if (r.Outcome == SampleOutcome.Error)
            {
                b.Errors++;
                b.FirstError ??= string.Join("; ", r.Reasons);
            }
        }
        return bins;
    }

    private static IEnumerable<double> Ticks(double top)
    {
        var step = NiceCeiling(top / 5);
        for (var v = 0.0; v <= top + 1e-9; v += step) yield return v;
    }

    // 1, 2, 2.5 or 5 times a power of ten, at least v.
    private static double NiceCeiling(double v)
    {
        var p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * p).First(n => n >= v - 1e-9);
    }

    private static string Num(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private sealed class Bin
    {
        public required int FirstK { get; init; }
        public required double Seconds { get; init; }
        public double? MinBuffer { get; set; }
        public double? MaxBuffer { get; set; }
        public double? MaxLatency { get; set; }
        public int Alerts { get; set; }
        public int Errors { get; set; }
        public int Disruptions { get; set; }
        public string? FirstError { get; set; }
    }
}
