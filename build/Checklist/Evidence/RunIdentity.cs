using System.Globalization;
using System.Text.Json;

namespace Checklist;

/// <summary>
/// run.json: what a run folder is about, written when the run starts so a later attempt (--continue) can reopen it.
/// </summary>
public sealed record RunIdentity(string RunId, string WorkspaceRoot, string VvtvCommit, DateTimeOffset StartedAt)
{
    /// <summary>How many builds opened the run: 1 when created, +1 per reopen (--continue, --release-run).</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>File name inside the run dir.</summary>
    public const string FileName = "run.json";

    /// <summary>Writes run.json atomically.</summary>
    public static void Write(string runDir, RunIdentity identity) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["run_id"] = identity.RunId,
            ["workspace_root"] = identity.WorkspaceRoot,
            ["vvtv_commit"] = identity.VvtvCommit,
            ["started_at"] = DecisionFile.FormatTime(identity.StartedAt),
            ["attempt"] = identity.Attempt.ToString(CultureInfo.InvariantCulture),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>Reads run.json strictly; the run id must match the folder.</summary>
    public static RunIdentity Read(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path))
            throw new DecisionFormatException(path, "file not found: the folder is not a run folder");
        Dictionary<string, string>? values;
        try { values = JsonSerializer.Deserialize<Dictionary<string, string>>(EarlierRunFile.ReadText(path)); }
        catch (JsonException e) { throw new DecisionFormatException(path, $"malformed JSON: {e.Message}", e); }
        string Get(string key) => values is not null && values.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v)
            ? v : throw new DecisionFormatException(path, $"missing field '{key}'");
        var id = Get("run_id");
        if (id != Path.GetFileName(Path.TrimEndingDirectorySeparator(runDir)))
            throw new DecisionFormatException(path, $"run_id '{id}' does not match its folder");
        if (!DateTimeOffset.TryParse(Get("started_at"), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var started))
            throw new DecisionFormatException(path, $"started_at '{Get("started_at")}' is not a time");
        // Runs of builds before attempts were counted have no field: they were opened once as far as anyone knows.
        var attempt = 1;
        if (values!.TryGetValue("attempt", out var text)
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out attempt) || attempt < 1))
            throw new DecisionFormatException(path, $"attempt '{text}' is not a positive whole number");
        return new RunIdentity(id, Get("workspace_root"), Get("vvtv_commit"), started) { Attempt = attempt };
    }
}
