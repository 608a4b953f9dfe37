using System.Text.Json;

namespace Vvtv;

/// <summary>The PipelineMetrics object inside reports (contract §3.7).</summary>
public sealed record PipelineMetrics(
    long BufferMinutes, long PlansCreated, long PlansCommitted, double QaPassRate, double FallbackRate, long CuratorActions, long StreamDisruptions)
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

/// <summary>A daily or weekly report (control API §3.2 or Worker §6.3): the key, a summary line and metrics.</summary>
public sealed record ApiReport(string Key, string Summary, PipelineMetrics Metrics)
{
    /// <summary>Parses a daily report; its key field is "date".</summary>
    public static ApiReport ParseDaily(string json, string source) => Parse(json, source, "date");

    /// <summary>Parses a weekly report; its key field is "week".</summary>
    public static ApiReport ParseWeekly(string json, string source) => Parse(json, source, "week");

    private static ApiReport Parse(string json, string source, string keyField)
    {
        var root = StrictJson.ParseObject(json, source);
        var metrics = StrictJson.Property(root, "metrics", source);
        if (metrics.ValueKind != JsonValueKind.Object)
            throw new VvtvFormatException(source, null, $"field 'metrics' is {metrics.ValueKind}, expected an object");
        return new ApiReport(StrictJson.String(root, keyField, source), StrictJson.String(root, "summary", source), PipelineMetrics.From(metrics, $"{source} metrics"));
    }
}

/// <summary>Bodies of the signed control routes (contract §3.2).</summary>
public static class ControlResponses
{
    /// <summary>POST /v1/control/emergency-mode: returns the emergency flag after the toggle.</summary>
    public static bool ParseEmergencyToggle(string json, string source)
    {
        var root = StrictJson.ParseObject(json, source);
        RequireOk(root, source);
        return StrictJson.Bool(root, "emergency_mode", source);
    }

    /// <summary>POST /v1/control/reload-owner-card: must be {"action":"reload-owner-card","ok":true}.</summary>
    public static void ParseReloadOwnerCard(string json, string source)
    {
        var root = StrictJson.ParseObject(json, source);
        RequireOk(root, source);
        var action = StrictJson.String(root, "action", source);
        if (action != "reload-owner-card")
            throw new VvtvFormatException(source, null, $"action is '{SoakSummary.Clip(action)}', expected 'reload-owner-card'");
    }

    private static void RequireOk(JsonElement root, string source)
    {
        if (!StrictJson.Bool(root, "ok", source))
            throw new VvtvFormatException(source, null, "ok is false");
    }
}

/// <summary>The export-audits file: a JSON array (contract §2.2, D-R13).</summary>
public static class AuditExport
{
    /// <summary>Loads the export and returns the number of audit entries; the root must be an array of objects.</summary>
    public static int CountEntries(string path)
    {
        var text = TextInput.ReadFile(path);
        if (string.IsNullOrWhiteSpace(text))
            throw new VvtvFormatException(path, null, "file is empty, expected a JSON array");
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new VvtvFormatException(path, 1, $"root is {doc.RootElement.ValueKind}, expected an array");
            var n = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object)
                    throw new VvtvFormatException(path, null, $"entry {n} is {e.ValueKind}, expected an object");
                n++;
            }
            return n;
        }
        catch (JsonException e)
        {
            throw new VvtvFormatException(path, (int?)(e.LineNumber + 1), $"malformed JSON: {e.Message}", e);
        }
    }
}
