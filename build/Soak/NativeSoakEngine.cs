using System.Diagnostics;
using Serilog;
using Vvtv;

namespace Soak;

/// <summary>
/// The build's own soak: starts the services as the script does, then takes sample k at segment start + k × interval
/// whatever the response times, with the three GETs in parallel and a timeout each, and writes the script's logs and
/// samples.jsonl.
/// </summary>
public static class NativeSoakEngine
{
    public static async Task<EngineReport> RunAsync(SoakSession session, ISoakProgress progress, CancellationToken ct)
    {
        SoakServices started;
        try { started = await SoakServices.StartAsync(session.Workspace, session.Plan, ct); }
        catch (SoakBootException e) { return new EngineReport([$"boot failed: {e.Message}"]); }
        await using var services = started;
        var logs = new SampleLogs(session.Plan.OutDir);
        var timeout = session.Plan.Settings.EffectiveRequestTimeout;
        using var client = new ControlApiClient(session.Plan.Settings.ApiUrl, timeout);
        session.BeginSegment(DateTimeOffset.UtcNow);
        while (session.Remaining > 0)
        {
            var k = session.Next;
            var wait = session.Plan.DueAt(k) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            var t = DateTimeOffset.UtcNow;
            var responses = await Task.WhenAll(Probe(client, "/v1/status", timeout, ct),
                Probe(client, "/metrics", timeout, ct), Probe(client, "/v1/alerts", timeout, ct));
            var sample = SampleJudge.Judge(k, t, responses[0], responses[1], responses[2]);
            if (services.Problem is { } dead)
                sample = sample with { Outcome = SampleOutcome.Failure, Reasons = [.. sample.Reasons, dead] };
            logs.Append(t, responses[0].Body, responses[1].Body, responses[2].Body);
            var stop = session.Add(sample, services.OrchestratorAlive);
            progress.Sampled(session.LastAdded!);
            if (stop is not null)
            {
                Log.Warning("Soak stops early: {Reason:l}", stop);
                break;
            }
        }
        return new EngineReport([]);
    }

    private static async Task<EndpointResponse> Probe(ControlApiClient client, string path, TimeSpan timeout,
        CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var r = await client.GetAsync(path, ct);
            return new EndpointResponse(r.StatusCode, r.Body, Ms(watch), null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new EndpointResponse(null, null, Ms(watch), $"timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new EndpointResponse(null, null, Ms(watch), $"failed: {e.Message}");
        }
        catch (VvtvFormatException e)
        {
            return new EndpointResponse(null, null, Ms(watch), $"unreadable: {e.Message}");
        }
    }

    private static double Ms(Stopwatch w) => Math.Round(w.Elapsed.TotalMilliseconds, 1);
}
