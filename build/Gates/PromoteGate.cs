using Engine;
using Vvtv;

/// <summary>
/// Checklist section "Promotion gate": our own API, /v1/alerts parsed as JSON before and after (D-PR1/2), the promote
/// script on this run's canary result, and the record it writes.
/// </summary>
sealed class PromoteGate(GateRun gate) : IGate
{
    private const string NoApi = "not run: no control API for the gate";

    // Records have one-second names (D-PR4): a folder of this run's own, so no other promotion shares their second.
    private AbsolutePath PromotionsDir => gate.Run.OutDir("promotions");

    private string ApiLog => gate.EvidencePath("control-api.log");

    public async Task CheckItemsAsync()
    {
        var (api, whyNone) = await StartApiAsync();
        await using (api)
        {
            await AlertsEndpointAsync(api, whyNone);
            var record = await PromotionGateAsync(api);
            PromotionRecorded(api, record);
        }
    }

    // The API serves the alerts before and after the promotion; when it cannot start, every item says so.
    private async Task<(ControlApiProcess? Api, string? WhyNone)> StartApiAsync()
    {
        try { return (await gate.StartApiAsync(), null); }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            return (null, e.Message);
        }
    }

    private Task AlertsEndpointAsync(ControlApiProcess? api, string? whyNone) =>
        gate.ProveAsync("promote.alerts-endpoint", async p =>
        {
            p.Add(ApiLog);
            p.Require(api is not null, $"could not start the control API: {whyNone}");
            return await AlertsClearAsync(api!, p, "alerts-before.json", "before promotion");
        });

    // The record the promotion wrote, or null when it wrote none.
    private async Task<string?> PromotionGateAsync(ControlApiProcess? api)
    {
        string? record = null;
        await gate.ProveAsync("promote.gate", async p =>
        {
            RequireApi(p, api);
            var result = CanaryGate.ResultFile(gate.Run);
            p.Require(result.FileExists(),
                $"this run has no canary result {result}: the Canary target did not run in this run");
            CanaryResult.Load(result, gate.Run.Workspace);
            var step = await gate.StepAsync("promote", gate.Run.Script("vvtv-promote.sh", [result],
                new Dictionary<string, string?> { ["VVTV_PROMOTE_OUT_DIR"] = PromotionsDir }), gate.Timeouts.Promote);
            p.RequireSuccess(step);
            var line = step.Process.StdOut.LastOrDefault(l =>
                l.StartsWith("promotion_record=", StringComparison.Ordinal));
            p.Require(line is not null, "promote exited 0 but printed no promotion_record= line");
            record = WorkspacePath.ResolveInside(gate.Run.Workspace, line!["promotion_record=".Length..], step.Log,
                null, "promotion_record");
            var after = await AlertsClearAsync(api!, p, "alerts-after.json", "after promotion");
            return $"vvtv-promote.sh {Path.GetFileName(result)} exited 0; {after}";
        });
        return record;
    }

    private void PromotionRecorded(ControlApiProcess? api, string? record) =>
        gate.Prove("promote.record", p =>
        {
            RequireApi(p, api);
            p.Require(record is not null && File.Exists(record), "the promotion gate wrote no record");
            p.Require(Path.GetDirectoryName(record) == PromotionsDir.Value && Path.GetFileName(record!)
                .StartsWith("promotion-", StringComparison.Ordinal),
                $"{record} is not a promotion-<ts>.env in {PromotionsDir}");
            p.Add(gate.Copy(record!));
            var parsed = PromotionRecord.Load(record!);
            p.Require(Path.GetFullPath(parsed.CanaryResultFile) == CanaryGate.ResultFile(gate.Run).Value,
                $"the record promotes '{parsed.CanaryResultFile}', not this run's canary result");
            p.Require(Path.GetFileName(record!) == $"promotion-{parsed.PromotedAtUtc}.env",
                $"{Path.GetFileName(record!)} does not match promoted_at_utc={parsed.PromotedAtUtc}");
            return $"{Path.GetFileName(record!)}: status=PROMOTED, alerts_high_critical=0, canary_result_file is " +
                $"this run's result.env";
        });

    // Without the API the item was not run; the API's log says why it did not start.
    private void RequireApi(Proof p, ControlApiProcess? api)
    {
        if (api is null) p.Add(ApiLog);
        p.Require(api is not null, NoApi);
    }

    private async Task<string> AlertsClearAsync(ControlApiProcess api, Proof p, string name, string when)
    {
        var response = await api.Client.GetAsync("/v1/alerts", gate.Ct);
        p.Add(gate.Write(name, response.Body));
        p.Require(response.StatusCode == 200, $"GET /v1/alerts {when} answered HTTP {response.StatusCode}");
        var alerts = ApiAlerts.Parse(response.Body, $"GET /v1/alerts {when}");
        var blocking = gate.JudgeAlerts(alerts, $"/v1/alerts {when}");
        p.Require(blocking.Count == 0,
            $"high/critical alerts {when}: {string.Join(", ", blocking.Select(a => $"{a.Code} ({a.Severity})"))}");
        return $"GET /v1/alerts {when}: HTTP 200, {alerts.Count} alert(s), none high or critical";
    }
}
