namespace Simulator.Common;

/// <summary>Fault switches read from `VVTV_SIM_FAULTS` (comma-separated, `name` or `name=value`).</summary>
public sealed class Faults
{
    private readonly Dictionary<string, string> _entries;

    private Faults(Dictionary<string, string> entries) => _entries = entries;

    public static Faults FromEnvironment() => Parse(Environment.GetEnvironmentVariable("VVTV_SIM_FAULTS"));

    public static Faults Parse(string? text)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=');
            if (eq < 0) entries[raw] = "";
            else entries[raw[..eq]] = raw[(eq + 1)..];
        }
        return new Faults(entries);
    }

    public bool Has(string name) => _entries.ContainsKey(name);

    /// <summary>The integer value of `name=N`, or null when absent or not a non-negative integer.</summary>
    public int? Number(string name) =>
        _entries.TryGetValue(name, out var v) && int.TryParse(v, out var n) && n >= 0 ? n : null;
}
