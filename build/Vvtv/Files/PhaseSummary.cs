namespace Vvtv;

/// <summary>A phase 1/2/3 go-live summary.txt.</summary>
public sealed record PhaseSummary(
    int Phase,
    string Status,
    string TimestampUtc,
    string? ApiUrl,
    string ArtifactsDir,
    IReadOnlyList<string> Checks,
    KeyValueFile Raw)
{
    /// <summary>The checks each phase must list, in order.</summary>
    public static readonly IReadOnlyDictionary<int, string[]> ExpectedChecks = new Dictionary<int, string[]>
    {
        [1] = ["cargo-test", "orchestrator-run-once", "control-api-status", "control-api-alerts",
            "control-api-metrics"],
        [2] = ["force-nightly", "export-audits", "backup-key-rotate", "backup-key-ensure", "backup-key-prune",
            "backup-metadata",
               "verify-backup", "restore-metadata", "backup-metadata-secure", "verify-backup-secure",
                   "restore-metadata-secure",
               "emergency-on", "emergency-off", "soak"],
    };

    /// <summary>Loads and validates a summary, requiring the phase number given.</summary>
    public static PhaseSummary Load(string path, int expectedPhase) => Parse(KeyValueFile.Load(path), expectedPhase);

    /// <summary>Validates parsed key=value text as a summary of the given phase.</summary>
    public static PhaseSummary Parse(KeyValueFile kv, int expectedPhase)
    {
        string[] order = expectedPhase switch
        {
            1 => ["phase", "status", "timestamp_utc", "api_url", "artifacts_dir", "checks"],
            2 => ["phase", "status", "timestamp_utc", "api_url", "artifacts_dir", "backup_dir", "secure_backup_dir",
                "soak_summary", "checks"],
            3 => ["phase", "status", "timestamp_utc", "artifacts_dir", "canary_result_file", "canary_status",
                "promotion_status", "promotion_record", "checks"],
            _ => throw new ArgumentOutOfRangeException(nameof(expectedPhase), expectedPhase, "phase must be 1, 2 or 3"),
        };
        kv.RequireOrder(order);
        var phase = kv.Required("phase");
        if (phase != expectedPhase.ToString())
            throw new VvtvFormatException(kv.Source, kv.LineOf("phase"),
                $"phase is '{phase}', expected {expectedPhase}");
        var status = kv.RequiredEnum("status", "PASS");
        var ts = kv.Required("timestamp_utc");
        if (!Timestamps.IsCompactUtc(ts))
            throw new VvtvFormatException(kv.Source, kv.LineOf("timestamp_utc"),
                $"timestamp_utc '{ts}' is not YYYYMMDDTHHMMSSZ");
        var checks = kv.RequiredNonEmpty("checks").Split(',');
        if (ExpectedChecks.TryGetValue(expectedPhase, out var expected) && !checks.SequenceEqual(expected))
            throw new VvtvFormatException(kv.Source, kv.LineOf("checks"),
                $"checks '{string.Join(',', checks)}' differ from the expected '{string.Join(',', expected)}'");
        if (expectedPhase == 3 && !(checks.SequenceEqual(["canary"]) || checks.SequenceEqual(["canary",
            "cloudflare-sync-check"])))
            throw new VvtvFormatException(kv.Source, kv.LineOf("checks"),
                $"checks '{string.Join(',', checks)}' are not 'canary' or 'canary,cloudflare-sync-check'");
        if (expectedPhase == 3)
        {
            kv.RequiredEnum("canary_status", CanaryResult.Statuses);
            kv.RequiredEnum("promotion_status", CanaryResult.PromotionStatuses);
        }
        return new PhaseSummary(expectedPhase, status, ts, kv.Optional("api_url"), kv.RequiredNonEmpty("artifacts_dir"),
            checks, kv);
    }
}
