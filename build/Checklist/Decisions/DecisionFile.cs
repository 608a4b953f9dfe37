using System.Globalization;
using System.Text;
using System.Text.Json;
using Publishing;
using Vvtv;
using Engine;

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
        UtcTime.Millis(t);

    /// <summary>
    /// Builds the document from a decision and run facts. An item without its own run, workspace or attempt (derived
    /// at decision time, or never run) is this run's, in <paramref name="workspace"/> at <paramref name="attempt"/>.
    /// </summary>
    public static DecisionDocument Build(Decision decision, string runId, string vvtvRoot, string vvtvCommit,
        DateTimeOffset startedAt, DateTimeOffset finishedAt, int attempt = 1, string workspace = "") =>
        new(runId, vvtvRoot, vvtvCommit, startedAt, finishedAt, decision.Verdict, decision.Reasons,
            decision.Items.Select(r =>
            {
                var item = ChecklistItems.Get(r.Id);
                return new DecisionItem(r.Id, item.Section, item.Text, r.Status, item.Optional, r.Reason, r.Evidence,
                    r.Target, r.At)
                {
                    Run = r.Run.Length > 0 ? r.Run : runId,
                    Workspace = r.Workspace.Length > 0 ? r.Workspace : workspace,
                    Attempt = r.Attempt > 0 ? r.Attempt : attempt,
                };
            }).ToList())
        {
            Attempt = attempt,
            Workspace = workspace,
        };

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
            w.WriteString("signature", doc.Signature);
            w.WriteNumber("attempt", doc.Attempt);
            w.WriteString("workspace", doc.Workspace);
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
                w.WriteString("run", i.Run);
                w.WriteString("workspace", i.Workspace);
                w.WriteNumber("attempt", i.Attempt);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("live_changes");
            foreach (var c in doc.LiveChanges)
            {
                w.WriteStartObject();
                w.WriteString("step", c.Step);
                w.WriteString("changed", c.Changed);
                w.WriteString("target", c.Target);
                w.WriteString("at", FormatTime(c.At));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// Renders decision.md with the one renderer the release notes use too (<see cref="DecisionMarkdown"/>).
    /// </summary>
    public static string ToMarkdown(DecisionDocument doc)
    {
        var done = doc.Items.Where(i => i.Status != ItemStatus.Skipped).Select(i => i.At)
            .DefaultIfEmpty(doc.FinishedAt).Max();
        // Evidence of several workspaces (sandbox copies, checkouts) is never mixed silently: said above the checklist.
        var workspaces = doc.Workspaces.Count > 1
            ? [$"Evidence from {doc.Workspaces.Count} workspaces: {string.Join(", ", doc.Workspaces)} (each item " +
               "names its own)"]
            : Array.Empty<string>();
        return DecisionMarkdown.Render(new ReportModel
        {
            Version = "",
            Commit = doc.VvtvCommit,
            Decision = doc.Decision,
            Reasons = [.. doc.Reasons, .. workspaces],
            Runs = [new RunReference(doc.RunId, doc.StartedAt, done)],
            Signature = doc.Signature,
            LiveChanges = doc.LiveChanges.Select(c => new ReportChange(c.Step, c.Changed, c.At)).ToList(),
            Items = doc.Items.Select(i => new ReportItem(i.Id, i.Section, i.Text, i.Status.ToString(), i.Optional,
                i.Reason,
                i.Evidence.Select(e => new EvidenceLink(Path.GetFileName(e), e)).ToList())
            {
                Source = $"run {i.Run}, attempt {i.Attempt}, workspace {i.Workspace}",
            }).ToList(),
        });
    }

    /// <summary>Writes both files into the run dir, each atomically (temp file then rename).</summary>
    public static void Write(string runDir, DecisionDocument doc)
    {
        AtomicFile.WriteAllText(Path.Combine(runDir, JsonName), ToJson(doc));
        AtomicFile.WriteAllText(Path.Combine(runDir, MarkdownName), ToMarkdown(doc));
    }

    /// <summary>
    /// Loads decision.json strictly: every field present with the right type, every checklist item present exactly
    /// once.
    /// </summary>
    public static DecisionDocument Load(string path)
    {
        try
        {
            return Read(StrictJson.ParseObject(TextInput.ReadFile(path, MaxBytes), path, MaxBytes), path);
        }
        catch (VvtvFormatException e)
        {
            throw new DecisionFormatException(path, e.Line is { } n ? $"line {n}: {e.Problem}" : e.Problem, e);
        }
    }

    /// <summary>
    /// The newest run under artifacts/runs whose decision.json is for this VVTV commit, or null. Runs without
    /// decision.json are ignored.
    /// </summary>
    public static (string RunDir, DecisionDocument Document)? FindNewest(string artifactsRoot, string vvtvCommit)
    {
        var runs = Path.Combine(artifactsRoot, "runs");
        if (!Directory.Exists(runs)) return null;
        foreach (var dir in Directory.GetDirectories(runs).Where(d => RunId.IsValid(Path.GetFileName(d)))
            .OrderByDescending(Path.GetFileName, StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, JsonName);
            if (!File.Exists(file)) continue;
            var doc = Load(file);
            if (doc.RunId != Path.GetFileName(dir))
                throw new DecisionFormatException(file,
                    $"run_id '{doc.RunId}' does not match its folder '{Path.GetFileName(dir)}'");
            if (doc.VvtvCommit == vvtvCommit) return (dir, doc);
        }
        return null;
    }

    private static DecisionDocument Read(JsonElement root, string path)
    {
        var decision = StrictJson.String(root, "decision", path);
        if (decision is not ("GO" or "NO-GO")) throw new DecisionFormatException(path,
            $"decision '{decision}' is not GO or NO-GO");
        var runId = StrictJson.String(root, "run_id", path);
        if (!RunId.IsValid(runId)) throw new DecisionFormatException(path, $"run_id '{runId}' is not a valid run id");
        // Runs of builds before items named their origin have no fields: everything there was the run's own, in the
        // workspace it names, at its first attempt.
        var attempt = Attempt(root, path, "", 1);
        var workspace = Optional(root, "workspace", path, "") ?? StrictJson.String(root, "vvtv_root", path);
        var items = new List<DecisionItem>();
        var n = 0;
        foreach (var e in StrictJson.Array(root, "items", path).EnumerateArray())
        {
            var at = $"items[{n++}].";
            if (e.ValueKind != JsonValueKind.Object) throw new DecisionFormatException(path,
                $"{at[..^1]} is not an object");
            items.Add(Item(e, path, at) with
            {
                Run = Optional(e, "run", path, at) ?? runId,
                Workspace = Optional(e, "workspace", path, at) ?? workspace,
                Attempt = Attempt(e, path, at, attempt),
            });
        }
        var missing = ChecklistItems.All.Select(i => i.Id).Except(items.Select(i => i.Id)).ToList();
        if (missing.Count > 0) throw new DecisionFormatException(path, $"items missing: {string.Join(", ", missing)}");
        var dup = items.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DecisionFormatException(path, $"item '{dup.Key}' appears more than once");
        var reasons = StrictJson.Array(root, "reasons", path).EnumerateArray()
            .Select(x => StrictJson.Text(x, path, "reasons[]")).ToList();
        return new DecisionDocument(runId, StrictJson.String(root, "vvtv_root", path), StrictJson.String(root,
            "vvtv_commit", path),
            Time(root, "started_at", path, ""), Time(root, "finished_at", path, ""), decision, reasons, items)
        {
            Attempt = attempt,
            Workspace = workspace,
            // Runs of builds before signing have no field: they are unsigned.
            Signature = root.TryGetProperty("signature", out _) ? StrictJson.String(root, "signature",
                path) : DecisionDocument.Unsigned,
            // Runs of builds before the list have no field: they recorded no change.
            LiveChanges = root.TryGetProperty("live_changes", out _)
                ? StrictJson.Array(root, "live_changes", path).EnumerateArray().Select((c, n) =>
                    new LiveChange(StrictJson.String(c, "step", path, $"live_changes[{n}]."),
                        StrictJson.String(c, "changed", path, $"live_changes[{n}]."),
                        StrictJson.String(c, "target", path, $"live_changes[{n}]."),
                        Time(c, "at", path, $"live_changes[{n}]."))).ToList()
                : [],
        };
    }

    // Only the statuses the build produces: a Waived item (no waiver mechanism exists) is refused, never counted.
    private static DecisionItem Item(JsonElement e, string path, string at)
    {
        var statusText = StrictJson.String(e, "status", path, at);
        if (statusText == "Waived")
            throw new DecisionFormatException(path,
                $"{at}status 'Waived' is not accepted: this build has no waivers; an item is Pass, Fail or Skipped");
        if (!Produced.Contains(statusText))
            throw new DecisionFormatException(path, $"{at}status '{statusText}' is not Pass, Fail or Skipped");
        var id = StrictJson.String(e, "id", path, at);
        if (!ChecklistItems.Exists(id)) throw new DecisionFormatException(path,
            $"{at}id '{id}' is not a checklist item");
        var evidence = StrictJson.Array(e, "evidence", path, at).EnumerateArray()
            .Select(x => StrictJson.Text(x, path, $"{at}evidence[]")).ToList();
        return new DecisionItem(id, StrictJson.String(e, "section", path, at), StrictJson.String(e, "text", path, at),
            Enum.Parse<ItemStatus>(statusText), StrictJson.Bool(e, "optional", path, at), StrictJson.String(e,
                "reason", path, at),
            evidence, StrictJson.String(e, "target", path, at), Time(e, "at", path, at));
    }

    private static string? Optional(JsonElement o, string name, string path, string at) =>
        o.TryGetProperty(name, out _) ? StrictJson.String(o, name, path, at) : null;

    private static int Attempt(JsonElement o, string path, string at, int absent)
    {
        if (!o.TryGetProperty("attempt", out _)) return absent;
        var n = StrictJson.Int(o, "attempt", path, at);
        return n is >= 1 and <= int.MaxValue ? (int)n
            : throw new DecisionFormatException(path, $"'{at}attempt' value {n} is not a positive whole number");
    }

    private static readonly string[] Produced = [nameof(ItemStatus.Pass), nameof(ItemStatus.Fail),
        nameof(ItemStatus.Skipped)];

    private static DateTimeOffset Time(JsonElement o, string name, string path, string at)
    {
        var s = StrictJson.String(o, name, path, at);
        return s.EndsWith('Z') && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new DecisionFormatException(path, $"'{at}{name}' value '{s}' is not an ISO-8601 UTC time");
    }
}
