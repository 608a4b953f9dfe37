using Engine;
using Serilog;
using Vvtv;

// Process hygiene: nothing of ours may listen on the control-API port between stages, and nothing outlives the run.
public sealed partial class ReleaseRun
{
    private static readonly TimeSpan PortFreeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Call before each stage. When a control API started from this run's workspace still listens on 127.0.0.1:7070 (an
    /// earlier
    /// script left it, D-P2), stops it and says so in the log; when a process this run did not start holds the port,
    /// fails naming it.
    /// </summary>
    public async Task StopStaleApiAsync(CancellationToken ct)
    {
        if (PortListener.Find(ControlApiAddress.Port) is not { } listener) return;
        BuildAssert.True(listener.Known && listener.RunsIn(Workspace),
            $"port {ControlApiAddress.Port} is held by {listener}, which this run did not start " +
            $"(its workspace is {Workspace}); stop that process and retry");
        Log.Warning("A stale control API from this run's workspace still listens on port {Port}: {Listener:l}; " +
                    "stopping it", ControlApiAddress.Port, listener.ToString());
        await StopAsync(listener.Pid!.Value);
        var deadline = DateTime.UtcNow + PortFreeTimeout;
        while (PortListener.Find(ControlApiAddress.Port) is { } still)
        {
            BuildAssert.True(DateTime.UtcNow < deadline,
                $"port {ControlApiAddress.Port} is still held by {still} after stopping the stale API");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>
    /// Assured cleanup: switches emergency mode off when this run left it on and its API still runs, then stops every
    /// process
    /// group the build started and any API of this workspace still on the port. Safe to call more than once; never
    /// throws for a foreign port holder.
    /// </summary>
    public async Task CleanupAsync(CancellationToken ct)
    {
        if (EmergencyLeftOn) await SwitchEmergencyOffAsync(ct);
        ProcessGroups.KillAll();
        // A run that never took the port lock never started an API there; whatever listens belongs to another run.
        if (_portLock is null) return;
        if (PortListener.Find(ControlApiAddress.Port) is { } listener)
        {
            if (listener.Known && listener.RunsIn(Workspace)) await StopStaleApiAsync(ct);
            else
                Log.Warning("Port {Port} is held by {Listener:l}, which this run did not start; leaving it alone",
                    ControlApiAddress.Port, listener.ToString());
        }
    }

    private async Task SwitchEmergencyOffAsync(CancellationToken ct)
    {
        if (PortListener.Find(ControlApiAddress.Port) is not { } listener || !listener.RunsIn(Workspace))
        {
            // The flag lives only in the API process (D-R14): with that process gone there is nothing left to switch
            // off.
            Log.Information("Emergency mode was left on, but the API that held it is gone; nothing to switch off");
            EmergencyLeftOn = false;
            return;
        }
        using var client = new ControlApiClient(ApiUrl, TimeSpan.FromSeconds(5));
        try
        {
            if ((await client.GetStatusAsync(ct)).State == "EMERGENCY")
            {
                var toggle =
                    await client.PostSignedAsync("/v1/control/emergency-mode", ControlToken, ControlSecret, ct: ct);
                Log.Warning("Cleanup: emergency mode was left on; switched it off (HTTP {Status})", toggle.StatusCode);
            }
            EmergencyLeftOn = false;
        }
        catch (Exception e) when (e is HttpRequestException or VvtvFormatException or TaskCanceledException)
        {
            Log.Error("Cleanup: could not switch emergency mode off: {Message:l}", e.Message);
        }
    }

    // The stale API's group leader (a script) is gone; its group holds only what that script started.
    private static async Task StopAsync(int pid)
    {
        var pgid = ProcessGroupOf.Pid(pid);
        if (pgid is { } g && g != ProcessGroupOf.Pid(System.Environment.ProcessId))
        {
            await ProcessGroups.KillAsync(g, TimeSpan.FromSeconds(5));
            return;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OperationCanceledException) { }
    }
}
