using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Checklist;

/// <summary>Writes and strictly reads decision.json, and renders decision.md.</summary>
public static class DecisionFile
{
    /// <summary>File name of the machine-readable decision.</summary>
    public const string JsonName = "decision.json";

    /// <summary>File name of the human-readable decision.</summary>
    public const string MarkdownName = "decision.md";

    private const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>ISO-8601 UTC with milliseconds, e.g. 2026-11-24T09:30:00.000Z.</summary>
    public static string FormatTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Builds the document from a decision and run facts.</summary>
    public static DecisionDocument Build(Decision decision, string runId, string vvtvRoot, string vvtvCommit, DateTimeOffset startedAt, DateTimeOffset finishedAt) =>
        new(runId, vvtvRoot, vvtvCommit, startedAt, finishedAt, decision.Verdict, decision.Reasons,
            decision.Items.Select(r =>
            {
                var item = ChecklistItems.Get(r.Id);
                return new DecisionItem(r.Id, item.Section, item.Text, r.Status, item.Optional, r.Reason, r.Evidence, r.Target, r.At);
            }).ToList());

    /// <summary>Serialises the document with the exact field names and order of the schema.</summary>
    public static string ToJson(DecisionDocument doc)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("run_id", doc.RunId);
            w.WriteString("vvtv_root", doc.VvtvRoot);
            w.WriteString("vvtv_commit", doc.VvtvCommit);
            w.WriteString("started_at", FormatTime(doc.StartedAt));
            w.WriteString("finished_at", FormatTime(doc.FinishedAt));
            w.WriteString("decision", doc.Decision);
            w.WriteStartArray("reasons");
            foreach (var r in doc.Reasons) w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteStartArray("items");
            foreach (var i in doc.Items)
            {
                w.WriteStartObject();
                w.WriteString("id", i.Id);
                w.WriteString("section", i.Section);
                w.WriteString("text", i.Text);
                w.WriteString("status", i.Status.ToString());
                w.WriteBoolean("optional", i.Optional);
                w.WriteString("reason", i.Reason);
                w.WriteStartArray("evidence");
                foreach (var e in i.Evidence) w.WriteStringValue(e);
                w.WriteEndArray();
                w.WriteString("target", i.Target);
                w.WriteString("at", FormatTime(i.At));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Renders the checklist by section with [x]/[ ], status and reason; verdict and reasons first.</summary>
    public static string ToMarkdown(DecisionDocument doc)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Release decision: {doc.Decision}");
        sb.AppendLine();
        sb.AppendLine($"- Run: `{doc.RunId}`");
        sb.AppendLine($"- VVTV commit: `{doc.VvtvCommit}`");
        sb.AppendLine($"- Started: {FormatTime(doc.StartedAt)}, finished: {FormatTime(doc.FinishedAt)}");
        sb.AppendLine();
        if (doc.Reasons.Count > 0)
        {
            sb.AppendLine("## Reasons");
            sb.AppendLine();
            foreach (var r in doc.Reasons) sb.AppendLine($"- {Escape(r)}");
            sb.AppendLine();
        }
        foreach (var section in doc.Items.Select(i => i.Section).Distinct())
        {
            sb.AppendLine($"## {section}");
            sb.AppendLine();
            foreach (var i in doc.Items.Where(i => i.Section == section))
            {
                var box = i.Status is ItemStatus.Pass or ItemStatus.Waived ? "[x]" : "[ ]";
                var optional = i.Optional ? " (optional)" : "";
                sb.AppendLine($"- {box} **{i.Id}**{optional}: {Escape(i.Text)} — {i.Status}: {Escape(i.Reason)}");
                foreach (var e in i.Evidence) sb.AppendLine($"  - evidence: `{e}`");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>Writes both files into the run dir, each atomically (temp file then rename).</summary>
    public static void Write(string runDir, DecisionDocument doc)
    {
        AtomicFile.WriteAllText(Path.Combine(runDir, JsonName), ToJson(doc));
        AtomicFile.WriteAllText(Path.Combine(runDir, MarkdownName), ToMarkdown(doc));
    }

    /// <summary>Loads decision.json strictly: every field present with the right type, every checklist item present exactly once.</summary>
    public static DecisionDocument Load(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new DecisionFormatException(path, "file not found");
            if (info.Length > MaxBytes) throw new DecisionFormatException(path, $"file is {info.Length} bytes, more than {MaxBytes}");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DecisionFormatException(path, $"cannot read: {e.Message}", e);
        }
        try
        {
            using var json = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            return Read(json.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new DecisionFormatException(path, $"malformed JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new DecisionFormatException(path, $"not valid UTF-8 JSON: {e.Message}", e);
        }
    }

    /// <summary>The newest run under artifacts/runs whose decision.json is for this VVTV commit, or null. Runs without decision.json are ignored.</summary>
    public static (string RunDir, DecisionDocument Document)? FindNewest(string artifactsRoot, string vvtvCommit)
    {
        var runs = Path.Combine(artifactsRoot, "runs");
        if (!Directory.Exists(runs)) return null;
        foreach (var dir in Directory.GetDirectories(runs).Where(d => RunId.IsValid(Path.GetFileName(d))).OrderByDescending(Path.GetFileName, StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, JsonName);
            if (!File.Exists(file)) continue;
            var doc = Load(file);
            if (doc.RunId != Path.GetFileName(dir))
                throw new DecisionFormatException(file, $"run_id '{doc.RunId}' does not match its folder '{Path.GetFileName(dir)}'");
            if (doc.VvtvCommit == vvtvCommit) return (dir, doc);
        }
        return null;
    }

    private static DecisionDocument Read(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new DecisionFormatException(path, "root is not an object");
        var decision = Str(root, "decision", path, "");
        if (decision is not ("GO" or "NO-GO")) throw new DecisionFormatException(path, $"decision '{decision}' is not GO or NO-GO");
        var runId = Str(root, "run_id", path, "");
        if (!RunId.IsValid(runId)) throw new DecisionFormatException(path, $"run_id '{runId}' is not a valid run id");
        var items = new List<DecisionItem>();
        var n = 0;
        foreach (var e in Arr(root, "items", path, ""))
        {
            var where = $"items[{n++}].";
            if (e.ValueKind != JsonValueKind.Object) throw new DecisionFormatException(path, $"{where[..^1]} is not an object");
            var statusText = Str(e, "status", path, where);
            if (!Enum.TryParse<ItemStatus>(statusText, ignoreCase: false, out var status) || !Enum.IsDefined(status) || statusText != status.ToString())
                throw new DecisionFormatException(path, $"{where}status '{statusText}' is not Pass, Fail, Skipped or Waived");
            var id = Str(e, "id", path, where);
            if (!ChecklistItems.Exists(id)) throw new DecisionFormatException(path, $"{where}id '{id}' is not a checklist item");
            items.Add(new DecisionItem(id, Str(e, "section", path, where), Str(e, "text", path, where), status, Bool(e, "optional", path, where),
                Str(e, "reason", path, where), Arr(e, "evidence", path, where).Select(x => Text(x, path, $"{where}evidence[]")).ToList(),
                Str(e, "target", path, where), Time(e, "at", path, where)));
        }
        var missing = ChecklistItems.All.Select(i => i.Id).Except(items.Select(i => i.Id)).ToList();
        if (missing.Count > 0) throw new DecisionFormatException(path, $"items missing: {string.Join(", ", missing)}");
        var dup = items.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DecisionFormatException(path, $"item '{dup.Key}' appears more than once");
        return new DecisionDocument(runId, Str(root, "vvtv_root", path, ""), Str(root, "vvtv_commit", path, ""),
            Time(root, "started_at", path, ""), Time(root, "finished_at", path, ""), decision,
            Arr(root, "reasons", path, "").Select(x => Text(x, path, "reasons[]")).ToList(), items);
    }

    // Reasons come from measured output; keep each on one Markdown line.
    private static string Escape(string text) => text.Replace("\r", " ").Replace("\n", " ");

    private static JsonElement Prop(JsonElement o, string name, string path, string where) =>
        o.TryGetProperty(name, out var v) ? v : throw new DecisionFormatException(path, $"missing field '{where}{name}'");

    private static string Str(JsonElement o, string name, string path, string where) => Text(Prop(o, name, path, where), path, where + name);

    private static string Text(JsonElement v, string path, string what) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new DecisionFormatException(path, $"'{what}' is {v.ValueKind}, expected a string");

    private static bool Bool(JsonElement o, string name, string path, string where)
    {
        var v = Prop(o, name, path, where);
        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new DecisionFormatException(path, $"'{where}{name}' is {v.ValueKind}, expected a boolean");
    }

    private static IEnumerable<JsonElement> Arr(JsonElement o, string name, string path, string where)
    {
        var v = Prop(o, name, path, where);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : throw new DecisionFormatException(path, $"'{where}{name}' is {v.ValueKind}, expected an array");
    }

    private static DateTimeOffset Time(JsonElement o, string name, string path, string where)
    {
        var s = Str(o, name, path, where);
        return s.EndsWith('Z') && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new DecisionFormatException(path, $"'{where}{name}' value '{s}' is not an ISO-8601 UTC time");
    }
}
