namespace Vvtv;

/// <summary>A promotion record promotion-&lt;ts&gt;.env.</summary>
public sealed record PromotionRecord(string Status, string PromotedAtUtc, string CanaryResultFile,
    long AlertsHighCritical, string ApiUrl)
{
    /// <summary>Loads and validates a promotion record.</summary>
    public static PromotionRecord Load(string path) => Parse(KeyValueFile.Load(path));

    /// <summary>Validates parsed promotion record text.</summary>
    public static PromotionRecord Parse(KeyValueFile kv)
    {
        kv.RequireOrder("status", "promoted_at_utc", "canary_result_file", "alerts_high_critical", "api_url");
        var status = kv.RequiredEnum("status", "PROMOTED");
        var at = kv.Required("promoted_at_utc");
        if (!Timestamps.IsCompactUtc(at))
            throw new VvtvFormatException(kv.Source, kv.LineOf("promoted_at_utc"),
                $"promoted_at_utc '{at}' is not YYYYMMDDTHHMMSSZ");
        var alerts = kv.RequiredCount("alerts_high_critical");
        if (alerts != 0)
            throw new VvtvFormatException(kv.Source, kv.LineOf("alerts_high_critical"),
                $"alerts_high_critical is {alerts}; a promotion record must carry 0");
        return new PromotionRecord(status, at, kv.RequiredNonEmpty("canary_result_file"), alerts,
            kv.Required("api_url"));
    }
}
