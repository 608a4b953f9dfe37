using Simulator.Common;
using Simulator.OwnerCard;
using Simulator.State;

namespace Simulator.Orchestrator;

/// <summary>The orchestrator process of §5: validate, then run scheduler iterations (once, or every 15 s).</summary>
public static class OrchestratorApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Like a Rust binary, stop at once on SIGTERM/SIGINT (the scripts kill the recorded PID).
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => Environment.Exit(143));
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGINT, _ => Environment.Exit(130));
        var card = OwnerCardLoader.Load(Paths.OwnerCard);
        var settings = OrchestratorSettings.FromEnvironment();
        var log = new JsonLog("vvtv_orchestrator");
        var faults = Faults.FromEnvironment();
        var sync = new CloudSync(settings, faults, log);
        var scheduler = new Scheduler(card, settings, faults, log, sync);
        if (!settings.RunOnce && faults.Number("orchestrator-exit-after") is { } secs)
            _ = ExitAfterAsync(secs);
        while (true)
        {
            using (var conn = StateDb.Open(Paths.StateDb))
                await scheduler.IterateAsync(conn);
            if (settings.RunOnce) return 0;
            await Task.Delay(TimeSpan.FromSeconds(15));
        }
    }

    /// <summary>The `orchestrator-exit-after` fault: a crash mid-run, the scheduler lock left held as a crash leaves it.</summary>
    private static async Task ExitAfterAsync(int secs)
    {
        await Task.Delay(TimeSpan.FromSeconds(secs));
        Console.Error.WriteLine($"Error: orchestrator stopped by the sandbox fault orchestrator-exit-after={secs}");
        Environment.Exit(1);
    }
}
