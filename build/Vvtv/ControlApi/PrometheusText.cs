using System.Globalization;

namespace Vvtv;

/// <summary>Prometheus exposition text: samples by series name, plus the seven VVTV series.</summary>
public sealed class PrometheusText
{
    /// <summary>The seven series the control API writes, in order.</summary>
    public static readonly string[] VvtvSeries =
    [
        "vvtv_buffer_minutes", "vvtv_plans_created", "vvtv_plans_committed", "vvtv_qa_pass_rate",
        "vvtv_fallback_rate", "vvtv_curator_actions", "vvtv_stream_disruptions",
    ];

    private readonly List<PrometheusSample> _samples;

    private PrometheusText(List<PrometheusSample> samples) => _samples = samples;

    /// <summary>Every sample in text order.</summary>
    public IReadOnlyList<PrometheusSample> Samples => _samples;

    /// <summary>Parses exposition text; HELP/TYPE/comment and blank lines are skipped, malformed sample lines are
    /// errors.</summary>
    public static PrometheusText Parse(string text, string source, int firstLine = 1)
    {
        TextInput.CheckSize(text, source);
        var samples = new List<PrometheusSample>();
        var lines = TextInput.Lines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            samples.Add(ParseSample(line, source, firstLine + i));
        }
        return new PrometheusText(samples);
    }

    /// <summary>The first value of an unlabelled series, or null.</summary>
    public double? Value(string name) =>
        _samples.FirstOrDefault(s => s.Name == name && s.Labels.Length == 0) is { } s ? s.Value : null;

    /// <summary>The values of the seven VVTV series; throws listing every missing one.</summary>
    public IReadOnlyDictionary<string, double> VvtvValues(string source)
    {
        var missing = VvtvSeries.Where(n => Value(n) is null).ToList();
        if (missing.Count > 0)
            throw new VvtvFormatException(source, null, $"missing series: {string.Join(", ", missing)}");
        return VvtvSeries.ToDictionary(n => n, n => Value(n)!.Value);
    }

    private static PrometheusSample ParseSample(string line, string source, int lineNo)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && (char.IsAsciiLetterOrDigit(line[nameEnd])
            || line[nameEnd] is '_' or ':')) nameEnd++;
        if (nameEnd == 0 || char.IsAsciiDigit(line[0]))
            throw new VvtvFormatException(source, lineNo,
                $"'{SoakSummary.Clip(line)}' does not start with a metric name");
        var name = line[..nameEnd];
        var rest = line[nameEnd..];
        var labels = "";
        if (rest.StartsWith('{'))
        {
            var close = FindLabelEnd(rest);
            if (close < 0)
                throw new VvtvFormatException(source, lineNo, $"unterminated label set in '{SoakSummary.Clip(line)}'");
            labels = rest[1..close];
            rest = rest[(close + 1)..];
        }
        var parts = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2)
            throw new VvtvFormatException(source, lineNo,
                $"expected '<name> <value> [timestamp]', got '{SoakSummary.Clip(line)}'");
        if (!TryParseValue(parts[0], out var value))
            throw new VvtvFormatException(source, lineNo,
                $"value '{SoakSummary.Clip(parts[0])}' of {name} is not a number");
        if (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
            out _))
            throw new VvtvFormatException(source, lineNo,
                $"timestamp '{SoakSummary.Clip(parts[1])}' of {name} is not an integer");
        return new PrometheusSample(name, labels, value, lineNo);
    }

    private static int FindLabelEnd(string rest)
    {
        var inQuotes = false;
        for (var i = 1; i < rest.Length; i++)
        {
            if (inQuotes && rest[i] == '\\') { i++; continue; }
            if (rest[i] == '"') inQuotes = !inQuotes;
            else if (!inQuotes && rest[i] == '}') return i;
        }
        return -1;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "NaN": value = double.NaN; return true;
            case "+Inf" or "Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }
}

/// <summary>One sample line: name, raw label text (empty when none), value and source line.</summary>
public sealed record PrometheusSample(string Name, string Labels, double Value, int Line);
