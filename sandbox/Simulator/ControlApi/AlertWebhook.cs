using System.Text;
using Simulator.Common;
using Simulator.State;

namespace Simulator.ControlApi;

/// <summary>The optional alert webhook of §3.5: at start, then every 60 s, notify high/critical alerts and
/// clears.</summary>
public sealed class AlertWebhook(string url, ApiSettings settings, AlertRules rules)
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly JsonLog _log = new("vvtv_control_api");

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { await TickAsync(stop); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Info("alert-dispatch-failed", ("error", JsonText.Str(e.Message)));
            }
            try { await Task.Delay(TimeSpan.FromSeconds(60), stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task TickAsync(CancellationToken stop)
    {
        var now = DateTimeOffset.UtcNow;
        var active = rules.Evaluate(now).Where(a => a.Severity is "high" or "critical").ToList();
        using var conn = StateDb.Open(settings.StateDb);
        var known = new Dictionary<string, (bool Active, string? Last)>();
        using (var cmd = StateDb.Command(conn, "SELECT code, active, last_notified_at FROM alert_states"))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) known[r.GetString(0)] = (r.GetInt64(1) == 1, r.IsDBNull(2) ? null : r.GetString(2));

        foreach (var alert in active)
        {
            var due = !known.TryGetValue(alert.Code, out var state) || !state.Active || state.Last is null
                || !DateTimeOffset.TryParse(state.Last, out var last)
                    || (now - last).TotalSeconds >= settings.CooldownSecs;
            if (!due) continue;
            var stamp = Timestamps.Rfc3339Offset(now);
            await PostAsync(JsonText.SortedObject(("code", JsonText.Str(alert.Code)), ("event", "\"alert\""),
                ("message", JsonText.Str(alert.Message)), ("severity", JsonText.Str(alert.Severity)),
                    ("timestamp", JsonText.Str(stamp))), stop);
            Store(conn, alert.Code, true, stamp, stamp);
            _log.Info("alert-webhook-sent", ("code", JsonText.Str(alert.Code)));
        }
        foreach (var (code, state) in known.Where(k => k.Value.Active && active.All(a => a.Code != k.Key)))
        {
            var stamp = Timestamps.Rfc3339Offset(now);
            await PostAsync(JsonText.SortedObject(("code", JsonText.Str(code)), ("event", "\"alert_clear\""),
                ("timestamp", JsonText.Str(stamp))), stop);
            Store(conn, code, false, state.Last, stamp);
            _log.Info("alert-clear-webhook-sent", ("code", JsonText.Str(code)));
        }
    }

    private async Task PostAsync(string body, CancellationToken stop)
    {
        using var response = await Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"),
            stop);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"webhook answered " +
            $"{(int)response.StatusCode}");
    }

    private static void Store(Microsoft.Data.Sqlite.SqliteConnection conn, string code, bool active, string? last,
        string now) =>
        StateDb.Execute(conn,
            "INSERT INTO alert_states (code, active, last_notified_at, updated_at) VALUES ($c, $a, $l, $u) " +
            "ON CONFLICT(code) DO UPDATE SET active = $a, last_notified_at = $l, updated_at = $u",
            ("$c", code), ("$a", active ? 1 : 0), ("$l", last), ("$u", now));
}
