namespace Soak;

/// <summary>
/// What one GET of a sample produced, before judging: the status code and latency when the build made the request
/// itself, or only the body when it reads the script's logs; a transport error instead of a body when nothing came
/// back.
/// </summary>
public sealed record EndpointResponse(int? Code, string? Body, double? LatencyMs, string? TransportError)
{
    public static EndpointResponse FromLog(string body) => new(null, body, null, null);
}

/// <summary>The per-endpoint part of a sample line in samples.jsonl.</summary>
public sealed record EndpointReading(int? Code, double? LatencyMs, string? Error);
