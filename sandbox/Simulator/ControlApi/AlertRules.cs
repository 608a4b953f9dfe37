using System.Globalization;
using Simulator.Common;
using Simulator.State;

namespace Simulator.ControlApi;

/// <summary>The alert rules of §3.4, evaluated in contract order.</summary>
public sealed class AlertRules(ApiSettings settings, MetricsSource metrics, Faults faults)
{
    public List<Alert> Evaluate(DateTimeOffset now)
    {
        var samples = metrics.LatestTwo();
        var latest = samples[0];
        var alerts = new List<Alert>();
        if (latest.BufferMinutes < 20)
            alerts.Add(new("BUFFER_CRITICAL", "critical",
                $"buffer at {latest.BufferMinutes} min, critical floor is 20 min"));
        if (latest.QaPassRate < settings.QaMin)
            alerts.Add(new("QA_PASS_RATE_LOW", "high",
                $"qa pass rate {F(latest.QaPassRate)} below minimum {F(settings.QaMin)}"));
        else if (faults.Has("high-alert"))
            alerts.Add(new("QA_PASS_RATE_LOW", "high", "qa pass rate alert forced by the high-alert sandbox fault"));
        if (latest.FallbackRate > settings.FallbackAbs)
            alerts.Add(new("FALLBACK_RATE_HIGH", "high",
                $"fallback rate {F(latest.FallbackRate)} above limit {F(settings.FallbackAbs)}"));
        if (samples.Count >= 2 && latest.FallbackRate - samples[1].FallbackRate > settings.FallbackGrowth)
            alerts.Add(new("FALLBACK_RATE_GROWING", "medium",
                $"fallback rate rose from {F(samples[1].FallbackRate)} to {F(latest.FallbackRate)}, growth limit " +
                    $"{F(settings.FallbackGrowth)}"));
        var failures = DiscoveryFailures(now);
        if (failures >= settings.DiscoveryFailCount)
            alerts.Add(new("DISCOVERY_DOMAIN_FAILURE", "high",
                $"{failures} domain discovery failures in 24 h, limit {settings.DiscoveryFailCount}"));
        return alerts;
    }

    private long DiscoveryFailures(DateTimeOffset now)
    {
        try
        {
            using var conn = StateDb.Open(settings.StateDb);
            return StateDb.Strings(conn, "SELECT payload_json FROM audit_events WHERE ts >= $since",
                    ("$since", Timestamps.Rfc3339Offset(now.AddHours(-24))))
                .Count(p => ReasonCode(p).Contains("DISCOVERY_FAILED_DOMAIN", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            return 0;
        }
    }

    internal static string ReasonCode(string payload)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty("reason_code", out var r) ? r.GetString() ?? "" : "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
    }

    private static string F(float v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    public static string ToJson(List<Alert> alerts) =>
        "{\"alerts\":[" + string.Join(",", alerts.Select(a =>
            $"{{\"code\":{JsonText.Str(a.Code)},\"severity\":{JsonText.Str(a.Severity)},\"message\":{JsonText.Str(a.Message)}}}"))
        + $"],\"count\":{alerts.Count}}}";
}
