using System.Text.Json;
using Vvtv;

namespace Cloudflare;

/// <summary>
/// The cloud-sync events of one orchestrator run, read from its stdout JSON log lines.
/// Sync failures never change the orchestrator's exit code (D-O1), so these events are the only proof a push landed.
/// </summary>
public sealed class NightlySyncLog
{
    public const string LockNotAcquired = "scheduler-standby-lock-not-acquired";
    public const string NightlyComplete = "nightly-job-complete";

    private readonly List<(string Message, string? Error)> _events;

    private NightlySyncLog(List<(string Message, string? Error)> events) => _events = events;

    /// <summary>Every event name in order.</summary>
    public IReadOnlyList<string> Events => _events.Select(e => e.Message).ToList();

    /// <summary>Reads the log lines; lines that are not JSON log events (the pretty-printed metrics, cargo output) are
    /// skipped.</summary>
    public static NightlySyncLog Parse(IEnumerable<string> stdout)
    {
        var events = new List<(string, string?)>();
        foreach (var line in stdout)
            foreach (var name in OrchestratorLog.Events([line]))
                // Only the failure events carry a field worth reading: the agent's error.
                events.Add((name, name.EndsWith("-sync-failed", StringComparison.Ordinal) ? ErrorField(line) : null));
        return new NightlySyncLog(events);
    }

    /// <summary>True when the log has the event.</summary>
    public bool Has(string message) => _events.Any(e => e.Message == message);

    /// <summary>Null when <c>cloudflare-&lt;kind&gt;-sync-ok</c> was logged (and no failure after it); otherwise what
    /// went wrong.</summary>
    public string? SyncProblem(string kind)
    {
        var ok = $"cloudflare-{kind}-sync-ok";
        var failed = $"cloudflare-{kind}-sync-failed";
        var last = _events.LastOrDefault(e => e.Message == ok || e.Message == failed);
        if (last.Message == ok) return null;
        if (last.Message == failed) return $"the orchestrator logged {failed}: {last.Error ?? "(no error field)"}";
        if (Has(LockNotAcquired))
            return $"the orchestrator logged {LockNotAcquired}: another orchestrator holds the scheduler lock, so " +
                $"the forced nightly did nothing (D-O2)";
        if (!Has(NightlyComplete))
            return $"the orchestrator logged no {NightlyComplete}, so the nightly job never ran";
        return $"the orchestrator logged neither {ok} nor {failed}: cloud sync is not configured in its environment";
    }

    /// <summary>True when the failure was the Worker refusing the signed push (an auth failure, not an
    /// outage).</summary>
    public bool SyncRefusedAsUnauthorized(string kind) =>
        _events.Any(e => e.Message == $"cloudflare-{kind}-sync-failed"
            && e.Error?.Contains("status=401", StringComparison.Ordinal) == true);

    private static string? ErrorField(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line.Trim());
            return document.RootElement.TryGetProperty("fields", out var fields)
                && fields.ValueKind == JsonValueKind.Object
                   && fields.TryGetProperty("error", out var error) ? error.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
