using System.Text;

namespace Simulator.Common;

/// <summary>PipelineMetrics of contract §5.10, field order as listed there.</summary>
public sealed record PipelineMetrics(
    long BufferMinutes,
    ulong PlansCreated,
    ulong PlansCommitted,
    float QaPassRate,
    float FallbackRate,
    ulong CuratorActions,
    ulong StreamDisruptions)
{
    /// <summary>The values the control API serves when the db has no sample (§3.1).</summary>
    public static PipelineMetrics Placeholder { get; } = new(60, 42, 18, 0.94f, 0.12f, 3, 0);

    public string ToCompactJson() =>
        "{" + string.Join(",", Pairs().Select(p => $"\"{p.Key}\":{p.Value}")) + "}";

    /// <summary>serde_json's pretty form: 2-space indent, `"key": value`, no trailing newline.</summary>
    public string ToPrettyJson(string indent = "")
    {
        var sb = new StringBuilder("{\n");
        var pairs = Pairs().ToList();
        for (var i = 0; i < pairs.Count; i++)
            sb.Append(indent).Append("  \"").Append(pairs[i].Key).Append("\": ").Append(pairs[i].Value)
              .Append(i + 1 < pairs.Count ? ",\n" : "\n");
        return sb.Append(indent).Append('}').ToString();
    }

    private IEnumerable<KeyValuePair<string, string>> Pairs()
    {
        yield return new("buffer_minutes", BufferMinutes.ToString());
        yield return new("plans_created", PlansCreated.ToString());
        yield return new("plans_committed", PlansCommitted.ToString());
        yield return new("qa_pass_rate", Numbers.Json(QaPassRate));
        yield return new("fallback_rate", Numbers.Json(FallbackRate));
        yield return new("curator_actions", CuratorActions.ToString());
        yield return new("stream_disruptions", StreamDisruptions.ToString());
    }

    public static PipelineMetrics FromJson(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new PipelineMetrics(
            r.GetProperty("buffer_minutes").GetInt64(),
            r.GetProperty("plans_created").GetUInt64(),
            r.GetProperty("plans_committed").GetUInt64(),
            r.GetProperty("qa_pass_rate").GetSingle(),
            r.GetProperty("fallback_rate").GetSingle(),
            r.GetProperty("curator_actions").GetUInt64(),
            r.GetProperty("stream_disruptions").GetUInt64());
    }
}
