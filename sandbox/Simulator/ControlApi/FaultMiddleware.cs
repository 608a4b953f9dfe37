using Simulator.Common;

namespace Simulator.ControlApi;

/// <summary>
/// Applies the request-level sandbox faults: `slow=MS`, `api-hang-after=N`, `api-down-after=N`, `api-error-every=N`.
/// </summary>
public sealed class FaultMiddleware(Faults faults)
{
    /// <summary>The read endpoints a soak samples; `api-error-every` counts only these.</summary>
    private static readonly string[] SampledPaths = ["/v1/status", "/metrics", "/v1/alerts"];

    private int _served;
    private int _sampled;

    public async Task InvokeAsync(HttpContext ctx, Func<Task> next)
    {
        var number = Interlocked.Increment(ref _served);
        if (faults.Number("api-down-after") is { } down && number > down)
        {
            Console.Error.WriteLine($"vvtv-sim: api-down-after={down} fault, exiting");
            Environment.Exit(1);
        }
        if (faults.Number("api-hang-after") is { } hang && number > hang)
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { });
        if (ctx.RequestAborted.IsCancellationRequested) return;
        if (faults.Number("slow") is { } ms && ms > 0)
            await Task.Delay(ms);
        if (faults.Number("api-error-every") is { } every && SampledPaths.Contains(ctx.Request.Path.Value)
            && Interlocked.Increment(ref _sampled) % every == 0)
        {
            // A body on purpose: VVTV's soak counts only an empty body as a failed sample (D-SK2).
            ctx.Response.StatusCode = 500;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($"{{\"error\":\"sandbox fault api-error-every={every}\"}}");
            return;
        }
        await next();
    }
}
