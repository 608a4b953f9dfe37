using System.Text.Json;

namespace Vvtv;

/// <summary>The PipelineMetrics object inside reports.</summary>
public sealed record PipelineMetrics(
    long BufferMinutes, long PlansCreated, long PlansCommitted, double QaPassRate, double FallbackRate,
        long CuratorActions, long StreamDisruptions)
{
    /// <summary>Reads the seven fields from a JSON object.</summary>
    public static PipelineMetrics From(JsonElement obj, string source) => new(
        StrictJson.Int(obj, "buffer_minutes", source),
        StrictJson.Int(obj, "plans_created", source),
        StrictJson.Int(obj, "plans_committed", source),
        StrictJson.Number(obj, "qa_pass_rate", source),
        StrictJson.Number(obj, "fallback_rate", source),
        StrictJson.Int(obj, "curator_actions", source),
        StrictJson.Int(obj, "stream_disruptions", source));
}
