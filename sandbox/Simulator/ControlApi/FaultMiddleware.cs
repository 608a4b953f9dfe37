using Simulator.Common;

namespace Simulator.ControlApi;

/// <summary>Applies the request-level sandbox faults: `slow=MS`, `api-hang-after=N`, `api-down-after=N`.</summary>
public sealed class FaultMiddleware(Faults faults)
{
    private int _served;

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
        await next();
    }
}
