using System.Text.Json;
using Checklist;
using Engine;
using Serilog;
using Vvtv;

/// <summary>
/// "No critical/high alert remains active", checked at decision time with a JSON-parsed GET /v1/alerts.
/// When no control API answers (the gates stop theirs), one is started from the workspace with the run's environment
/// for the check and stopped right after: a release manager checks the alerts of the state being released, not "nothing
/// answered". If that is impossible too, the item fails: an unchecked alert state is a NO-GO.
/// </summary>
static class LiveAlertCheck
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private const string Target = GateSections.ReleaseTarget;

    /// <summary>
    /// Records gonogo.no-critical-high-alerts (and a No-Go finding when it fails) through the one way to prove an item;
    /// the decision, not this check, fails the Release target.
    /// </summary>
    public static async Task RecordAsync(ReleaseRun run, CancellationToken ct)
    {
        var store = run.Evidence;
        var items = new ItemProver(store, Target);
        var url = run.ApiUrl;
        ApiAlerts alerts;
        try
        {
            alerts = await FetchAsync(run, url, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var why = $"the live check of GET {url}/v1/alerts was not possible: {e.Message}";
            items.Fail(GateSections.LiveAlertItem, why);
            items.NoGo(NoGoCause.Alert, why);
            return;
        }
        // Only the blocking alerts go into the evidence: the bundle must not change with medium alerts coming and
        // going.
        var blocking = alerts.Blocking.OrderBy(a => a.Code, StringComparer.Ordinal).ToList();
        var evidence = store.WriteText(Target, "alerts-at-decision.json", JsonSerializer.Serialize(new
        {
            request = "GET /v1/alerts",
            rule = "no alert with severity high or critical may be active",
            blocking = blocking.Select(a => new { code = a.Code, severity = a.Severity, message = a.Message }),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var list = string.Join(", ", blocking.Select(a => $"{a.Code} ({a.Severity})"));
        items.Record(GateSections.LiveAlertItem, blocking.Count == 0, blocking.Count == 0
            ? "GET /v1/alerts at decision time: no high or critical alert active"
            : $"GET /v1/alerts at decision time: {list} active", evidence);
        if (blocking.Count > 0) items.NoGo(NoGoCause.Alert, $"{list} active at decision time");
    }

    private static async Task<ApiAlerts> FetchAsync(ReleaseRun run, string url, CancellationToken ct)
    {
        using var client = new ControlApiClient(url, TimeSpan.FromSeconds(10));
        try
        {
            var running = await client.GetAlertsAsync(ct);
            Log.Information("Live alert check: the control API at {Url:l} is running", url);
            return running;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            Log.Information("Live alert check: no control API answers at {Url:l}; starting one from the " +
                "workspace for the check", url);
        }
        var log = Path.Combine(run.Evidence.EvidenceDir(Target), "control-api-for-alert-check.log");
        // The same start as the gates': ready only when our own process answers on the port, and the whole group
        // stopped after.
        await using var api = await ControlApiProcess.StartAsync(
            run.Command("cargo", ["run", "-q", "-p", "vvtv-control-api"]), log, url, ControlApiAddress.Port,
                ReadyTimeout, ct);
        return await api.Client.GetAlertsAsync(ct);
    }
}
