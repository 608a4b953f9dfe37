namespace Vvtv;

/// <summary>A soak summary.txt: title line, then nine keys in order; extra keys may follow.</summary>
public sealed record SoakSummary(
    string Verdict,
    long Samples,
    long FailStatusRequests,
    long FailMetricsRequests,
    long FailAlertsRequests,
    long BufferCriticalObservations,
    long StreamDisruptionsNonzeroObservations,
    long SoakHours,
    long CheckIntervalSecs)
{
    /// <summary>The literal first line.</summary>
    public const string Title = "VVTV Soak Summary";

    private static readonly string[] Order =
    [
        "verdict", "samples", "fail_status_requests", "fail_metrics_requests", "fail_alerts_requests",
        "buffer_critical_observations", "stream_disruptions_nonzero_observations", "soak_hours", "check_interval_secs",
    ];

    /// <summary>Loads and validates a soak summary file.</summary>
    public static SoakSummary Load(string path) => Parse(TextInput.ReadFile(path), path);

    /// <summary>Validates soak summary text.</summary>
    public static SoakSummary Parse(string text, string source)
    {
        var lines = TextInput.Lines(text);
        if (lines.Count == 0)
            throw new VvtvFormatException(source, null, "file is empty");
        if (lines[0] != Title)
            throw new VvtvFormatException(source, 1, $"first line is '{Clip(lines[0])}', expected the title '{Title}'");
        var kv = KeyValueFile.Parse(text, source);
        kv.RequireOrder(Order);
        // The nine keys must be the first nine pairs, directly after the title.
        for (var i = 0; i < Order.Length; i++)
            if (kv.Entries[i].Key != Order[i])
                throw new VvtvFormatException(source, kv.Entries[i].Line,
                    $"found key '{kv.Entries[i].Key}' where '{Order[i]}' was expected");
        return new SoakSummary(
            kv.RequiredEnum("verdict", "PASS", "FAIL"),
            kv.RequiredCount("samples"),
            kv.RequiredCount("fail_status_requests"),
            kv.RequiredCount("fail_metrics_requests"),
            kv.RequiredCount("fail_alerts_requests"),
            kv.RequiredCount("buffer_critical_observations"),
            kv.RequiredCount("stream_disruptions_nonzero_observations"),
            kv.RequiredCount("soak_hours"),
            kv.RequiredCount("check_interval_secs"));
    }

    /// <summary>The verdict the soak script itself would compute from these counters.</summary>
    public string ScriptVerdict =>
        FailStatusRequests + FailMetricsRequests + FailAlertsRequests + BufferCriticalObservations > 0 ? "FAIL"
            : "PASS";

    internal static string Clip(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
