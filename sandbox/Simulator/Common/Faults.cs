namespace Simulator.Common;

/// <summary>Fault switches read from `VVTV_SIM_FAULTS`: comma-separated, each a known `name` or `name=N`.</summary>
/// <remarks>
/// A fault that is misspelt, unknown or has a malformed value is refused rather than ignored: a fault test whose
/// fault silently did nothing would pass while proving nothing.
/// </remarks>
public sealed class Faults
{
    /// <summary>Every fault the simulator knows, with the least value it takes (null: a switch, no value).</summary>
    public static readonly IReadOnlyDictionary<string, int?> Known =
        new Dictionary<string, int?>(StringComparer.Ordinal)
    {
        ["buffer-critical"] = null,
        ["stream-disruption"] = null,
        ["high-alert"] = null,
        ["bad-signature"] = null,
        ["slow"] = 0,
        ["api-hang-after"] = 0,
        ["api-down-after"] = 0,
        ["api-error-every"] = 1,
        ["metrics-freeze-after"] = 0,
        ["test-failure"] = null,
        ["no-commit-window"] = null,
        ["orchestrator-exit-after"] = 0,
        ["backup-corrupt"] = null,
        ["backup-clock"] = 0,
        ["sync-fail"] = null,
    };

    private readonly Dictionary<string, int?> _entries;

    private Faults(Dictionary<string, int?> entries) => _entries = entries;

    public static Faults FromEnvironment() => Parse(Environment.GetEnvironmentVariable("VVTV_SIM_FAULTS"));

    /// <summary>Parses the list; a <see cref="CliException"/> names the first bad entry and the valid ones.</summary>
    public static Faults Parse(string? text)
    {
        var entries = new Dictionary<string, int?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return new Faults(entries);
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=');
            var name = eq < 0 ? entry : entry[..eq];
            if (entry.Length == 0) throw Refuse("an empty entry (two commas, or a comma at an end)");
            if (!Known.TryGetValue(name, out var least)) throw Refuse($"unknown fault '{name}'");
            if (entries.ContainsKey(name)) throw Refuse($"fault '{name}' is given twice");
            if (least is not { } min)
            {
                if (eq >= 0) throw Refuse($"fault '{name}' takes no value (got '{entry}')");
                entries[name] = null;
                continue;
            }
            var value = eq < 0 ? "" : entry[(eq + 1)..];
            if (value.Length == 0 || !value.All(char.IsAsciiDigit) || !int.TryParse(value, out var n) || n < min)
                throw Refuse(
                    $"fault '{name}' needs an integer value of at least {min}, as in {name}=5 (got '{entry}')");
            entries[name] = n;
        }
        return new Faults(entries);
    }

    private static CliException Refuse(string what) => new(
        $"VVTV_SIM_FAULTS: {what}; valid faults (comma-separated): " +
        string.Join(", ", Known.Select(k => k.Value is null ? k.Key : k.Key + "=N")));

    public bool Has(string name) => _entries.ContainsKey(name);

    /// <summary>The integer value of `name=N`, or null when the fault is not set.</summary>
    public int? Number(string name) => _entries.GetValueOrDefault(name);
}
