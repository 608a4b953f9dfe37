namespace Build.Tests.Vvtv;

/// <summary>Good inputs shaped like the contract's examples.</summary>
public static class VvtvSamples
{
    public const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public const string Phase1Summary =
        "phase=1\nstatus=PASS\ntimestamp_utc=20261124T062030Z\napi_url=http://127.0.0.1:7070\nartifacts_dir=/w/runtime/go-live/phase1/20261124T062030Z\n" +
        "checks=cargo-test,orchestrator-run-once,control-api-status,control-api-alerts,control-api-metrics\n";

    public const string SoakSummary =
        "VVTV Soak " +
            "Summary\nverdict=PASS\nsamples=3\nfail_status_requests=0\nfail_metrics_requests=0\nfail_alerts_requests=0\n" +
        "buffer_critical_observations=0\nstream_disruptions_nonzero_observations=0\nsoak_hours=0\ncheck_interval_secs=1\n";

    public const string CanaryResult =
        "status=PASS\nbackup_dir=runtime/backups/20261124T062031Z\nrollback_applied=0\ncanary_out_dir=runtime/canary/20261124-062030\n" +
        "soak_summary=runtime/canary/20261124-062030/soak/summary.txt\npromotion_status=PROMOTED\n" +
        "promotion_record=runtime/releases/promotions/promotion-20261124T062100Z.env\n";

    public const string PromotionRecord =
        "status=PROMOTED\npromoted_at_utc=20261124T062100Z\ncanary_result_file=runtime/canary/20261124-062030/result.env\nalerts_high_critical=0\napi_url=http://127.0.0.1:7070\n";

    public const string Status = """{"buffer_minutes":60,"state":"RUNNING","timestamp":"2026-11-24T06:20:30.123456789+00:00"}""";

    public const string Alerts = """{"alerts":[{"code":"FALLBACK_RATE_GROWING","severity":"medium","message":"growth 0.2 > 0.15"}],"count":1}""";

    public const string Metrics =
        "# HELP vvtv_buffer_minutes Minutes queued\n# TYPE vvtv_buffer_minutes gauge\nvvtv_buffer_minutes 60\n" +
        "# HELP vvtv_plans_created x\n# TYPE vvtv_plans_created gauge\nvvtv_plans_created 42\n" +
        "vvtv_plans_committed 18\nvvtv_qa_pass_rate 0.94\nvvtv_fallback_rate 0.12\nvvtv_curator_actions " +
            "3\nvvtv_stream_disruptions 0\n";

    public static string Manifest(string stateSha = Sha, string ownerSha = Sha, string stateFile = "state.db") =>
        "{\n  \"schema_version\": 1,\n  \"created_at\": \"2026-11-24T06:20:31.512004117+00:00\",\n" +
        $"  \"state_db_file\": \"{stateFile}\",\n  \"state_db_sha256\": \"{stateSha}\",\n  \"owner_card_file\": " +
            $"\"owner_card.yaml\",\n  \"owner_card_sha256\": \"{ownerSha}\"\n}}";
}
