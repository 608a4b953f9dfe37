namespace Build.Tests.Soak;

/// <summary>What VVTV's API answers in a healthy soak sample, and a blocking alert, for tests that judge
/// samples.</summary>
public static class SoakBodies
{
    public const string Metrics = "vvtv_buffer_minutes 60\nvvtv_plans_created 1\nvvtv_plans_committed 1\n"
        + "vvtv_qa_pass_rate 1\nvvtv_fallback_rate 0\nvvtv_curator_actions 0\nvvtv_stream_disruptions 0\n";
    public const string Status =
        "{\"buffer_minutes\":60,\"state\":\"RUNNING\",\"timestamp\":\"2026-11-24T06:20:30+00:00\"}";
    public const string Alerts = "{\"alerts\":[],\"count\":0}";
    public const string HighAlert =
        "{\"alerts\":[{\"code\":\"QA_PASS_RATE_LOW\",\"severity\":\"high\",\"message\":\"m\"}],\"count\":1}";
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 6, 20, 30, TimeSpan.Zero);
}
