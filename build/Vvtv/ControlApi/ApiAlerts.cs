namespace Vvtv;

/// <summary>One alert from GET /v1/alerts.</summary>
public sealed record ApiAlert(string Code, string Severity, string Message)
{
    /// <summary>True for the severities that block a release.</summary>
    public bool IsBlocking => Severity is "critical" or "high";
}

/// <summary>GET /v1/alerts body; count must equal the array length.</summary>
public sealed record ApiAlerts(IReadOnlyList<ApiAlert> Alerts, long Count)
{
    /// <summary>Severities the API can emit.</summary>
    public static readonly string[] Severities = ["critical", "high", "medium"];

    /// <summary>The high and critical alerts.</summary>
    public IReadOnlyList<ApiAlert> Blocking => Alerts.Where(a => a.IsBlocking).ToList();

    /// <summary>Validates an alerts body.</summary>
    public static ApiAlerts Parse(string json, string source)
    {
        var root = StrictJson.ParseObject(json, source);
        var array = StrictJson.Array(root, "alerts", source);
        var alerts = new List<ApiAlert>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"{source} alerts[{i++}]";
            if (item.ValueKind != System.Text.Json.JsonValueKind.Object)
                throw new VvtvFormatException(where, null, $"is {item.ValueKind}, expected an object");
            var severity = StrictJson.String(item, "severity", where);
            if (!Severities.Contains(severity, StringComparer.Ordinal))
                throw new VvtvFormatException(where, null,
                    $"severity '{SoakSummary.Clip(severity)}' is not one of {string.Join(", ", Severities)}");
            alerts.Add(new ApiAlert(StrictJson.String(item, "code", where), severity,
                StrictJson.String(item, "message", where)));
        }
        var count = StrictJson.Int(root, "count", source);
        if (count != alerts.Count)
            throw new VvtvFormatException(source, null,
                $"count is {count} but the alerts array has {alerts.Count} entries");
        return new ApiAlerts(alerts, count);
    }
}
