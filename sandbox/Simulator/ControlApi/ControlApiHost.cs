using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Simulator.Common;

namespace Simulator.ControlApi;

/// <summary>The control API process of §3: Kestrel on 127.0.0.1:7070, silent on a successful start.</summary>
public static class ControlApiHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = ApiSettings.FromEnvironment();
        var faults = Faults.FromEnvironment();
        var metrics = new MetricsSource(settings, faults);
        var rules = new AlertRules(settings, metrics, faults);
        var status = new EmergencyState();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, settings.Port);
            k.AddServerHeader = false;
        });
        var app = builder.Build();

        app.Use(new FaultMiddleware(faults).InvokeAsync);
        app.Use(async (ctx, next) =>
        {
            if (ctx.Request.Path.StartsWithSegments("/v1/control"))
            {
                var reason = ControlAuth.Check(ctx, settings, faults, DateTimeOffset.UtcNow);
                if (reason is not null)
                {
                    ctx.Response.StatusCode = 401;
                    ctx.Response.ContentType = "text/plain; charset=utf-8";
                    await ctx.Response.WriteAsync(reason);
                    return;
                }
            }
            await next(ctx);
        });

        app.MapGet("/v1/status", () => Json(
            $"{{\"buffer_minutes\":60,\"state\":\"{(status.Emergency ? "EMERGENCY" : "RUNNING")}\",\"timestamp\":{JsonText.Str(Timestamps.Rfc3339Offset(DateTimeOffset.UtcNow))}}}"));
        app.MapGet("/v1/alerts", () =>
        {
            try { return Json(AlertRules.ToJson(rules.Evaluate(DateTimeOffset.UtcNow))); }
            catch (Exception) { return Json("{\"alerts\":[],\"count\":0}"); }
        });
        app.MapGet("/metrics", () => Results.Text(metrics.MetricsText(), "text/plain; charset=utf-8"));
        app.MapGet("/v1/reports/daily", (HttpContext ctx) => Report(ctx, "date", text =>
            Reports.ParseDate(text) is { } day
                ? Json(Reports.Daily(settings.StateDb, text, day))
                : Error(400, "date must be formatted as YYYY-MM-DD")));
        app.MapGet("/v1/reports/weekly", (HttpContext ctx) => Report(ctx, "week", text =>
        {
            var (monday, error) = Reports.ParseWeek(text);
            return monday is { } m ? Json(Reports.Weekly(settings.StateDb, text, m)) : Error(400, error!);
        }));
        app.MapPost("/v1/control/emergency-mode", () =>
            Json($"{{\"emergency_mode\":{(status.Toggle() ? "true" : "false")},\"ok\":true}}"));
        app.MapPost("/v1/control/reload-owner-card", () => Json("{\"action\":\"reload-owner-card\",\"ok\":true}"));
        app.MapPost("/v1/control/curator-mode", () => Json("{\"mode\":\"automatic-with-guardrails\",\"ok\":true}"));

        try
        {
            await app.StartAsync();
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"cannot bind 127.0.0.1:{settings.Port}: Address already in use (os error 98)");
        }
        catch (SocketException e)
        {
            throw new CliException($"cannot bind 127.0.0.1:{settings.Port}: {e.Message}");
        }

        using var stop = new CancellationTokenSource();
        if (settings.WebhookUrl is { } url)
            _ = new AlertWebhook(url, settings, rules).RunAsync(stop.Token);
        await app.WaitForShutdownAsync();
        await stop.CancelAsync();
        return 0;
    }

    private static IResult Report(HttpContext ctx, string key, Func<string, IResult> handle)
    {
        if (!ctx.Request.Query.TryGetValue(key, out var values) || values.Count == 0)
            return Results.Text($"Failed to deserialize query string: missing field `{key}`", "text/plain; charset=utf-8", statusCode: 400);
        try
        {
            return handle(values.ToString());
        }
        catch (Exception e)
        {
            return Error(500, $"report query failed: {e.Message}");
        }
    }

    private static IResult Json(string body) => Results.Text(body, "application/json");

    private static IResult Error(int status, string message) =>
        Results.Text($"{{\"error\":{JsonText.Str(message)}}}", "application/json", statusCode: status);
}
