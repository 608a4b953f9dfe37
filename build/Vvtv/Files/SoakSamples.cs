namespace Vvtv;

/// <summary>One soak sample line: its UTC time, source line and the raw body.</summary>
public sealed record SoakSample(DateTimeOffset At, int Line, string Body);

/// <summary>One metrics block from metrics-samples.log with its parsed series.</summary>
public sealed record SoakMetricsSample(DateTimeOffset At, int Line, string Body, PrometheusText Metrics);

/// <summary>Parses the soak sample logs so the build can re-evaluate a soak itself.</summary>
public static class SoakSamples
{
    /// <summary>Reads status-samples.log: lines "&lt;ts&gt; | status=&lt;body&gt;".</summary>
    public static IReadOnlyList<SoakSample> LoadStatus(string path) =>
        ParseLines(TextInput.ReadFile(path), path, "status");

    /// <summary>Reads alerts-samples.log: lines "&lt;ts&gt; | alerts=&lt;body&gt;".</summary>
    public static IReadOnlyList<SoakSample> LoadAlerts(string path) =>
        ParseLines(TextInput.ReadFile(path), path, "alerts");

    /// <summary>Reads metrics-samples.log: "# --- &lt;ts&gt; ---" headers each followed by a metrics body.</summary>
    public static IReadOnlyList<SoakMetricsSample> LoadMetrics(string path) =>
        ParseMetrics(TextInput.ReadFile(path), path);

    /// <summary>Parses "&lt;ts&gt; | &lt;kind&gt;=&lt;body&gt;" lines; an empty body is kept (the soak counts it as a
    /// failed request).</summary>
    public static IReadOnlyList<SoakSample> ParseLines(string text, string source, string kind)
    {
        TextInput.CheckSize(text, source);
        RequireContent(text, source);
        var result = new List<SoakSample>();
        var lines = TextInput.Lines(text);
        var marker = $" | {kind}=";
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
                throw new VvtvFormatException(source, i + 1,
                    $"expected '<ts>{marker}<body>', got '{SoakSummary.Clip(line)}'");
            var ts = line[..at];
            if (!Timestamps.TryParseSampleUtc(ts, out var when))
                throw new VvtvFormatException(source, i + 1,
                    $"timestamp '{SoakSummary.Clip(ts)}' is not YYYY-MM-DDTHH:MM:SSZ");
            result.Add(new SoakSample(when, i + 1, line[(at + marker.Length)..]));
        }
        return result;
    }

    /// <summary>Parses metrics blocks; an empty body yields a block with no series.</summary>
    public static IReadOnlyList<SoakMetricsSample> ParseMetrics(string text, string source)
    {
        TextInput.CheckSize(text, source);
        RequireContent(text, source);
        var lines = TextInput.Lines(text);
        var result = new List<SoakMetricsSample>();
        int? headerLine = null;
        var when = default(DateTimeOffset);
        var body = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("# --- ", StringComparison.Ordinal) && line.EndsWith(" ---", StringComparison.Ordinal)
                && line.Length >= 10)
            {
                Flush();
                var ts = line[6..^4];
                if (!Timestamps.TryParseSampleUtc(ts, out when))
                    throw new VvtvFormatException(source, i + 1,
                        $"block header timestamp '{SoakSummary.Clip(ts)}' is not YYYY-MM-DDTHH:MM:SSZ");
                headerLine = i + 1;
                body.Clear();
                continue;
            }
            if (headerLine is null)
                throw new VvtvFormatException(source, i + 1, "metrics text before the first '# --- <ts> ---' header");
            body.Add(line);
        }
        Flush();
        return result;

        void Flush()
        {
            if (headerLine is not { } h) return;
            var text = string.Join('\n', body);
            result.Add(new SoakMetricsSample(when, h, text, PrometheusText.Parse(text, source, h + 1)));
        }
    }

    // The soak appends to these logs, so an existing but empty log means it was truncated or never written properly.
    private static void RequireContent(string text, string source)
    {
        if (text.Length == 0)
            throw new VvtvFormatException(source, null, "file is empty: no samples");
    }
}
