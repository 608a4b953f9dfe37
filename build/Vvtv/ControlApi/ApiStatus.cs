namespace Vvtv;

/// <summary>GET /v1/status body.</summary>
public sealed record ApiStatus(long BufferMinutes, string State, DateTimeOffset Timestamp)
{
    /// <summary>Validates a status body.</summary>
    public static ApiStatus Parse(string json, string source)
    {
        var root = StrictJson.ParseObject(json, source);
        var buffer = StrictJson.Int(root, "buffer_minutes", source);
        var state = StrictJson.String(root, "state", source);
        if (state is not ("RUNNING" or "EMERGENCY"))
            throw new VvtvFormatException(source, null,
                $"state '{SoakSummary.Clip(state)}' is not RUNNING or EMERGENCY");
        var ts = StrictJson.String(root, "timestamp", source);
        if (!Timestamps.TryParseRfc3339(ts, out var at))
            throw new VvtvFormatException(source, null, $"timestamp '{SoakSummary.Clip(ts)}' is not RFC 3339");
        return new ApiStatus(buffer, state, at);
    }
}
