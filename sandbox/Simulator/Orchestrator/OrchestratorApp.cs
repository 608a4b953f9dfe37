using Simulator.Common;
using Simulator.OwnerCard;
using Simulator.State;

namespace Simulator.Orchestrator;

/// <summary>The orchestrator process of §5: validate, then run scheduler iterations (once, or every 15 s).</summary>
public static class OrchestratorApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var card = OwnerCardLoader.Load(Paths.OwnerCard);
        var settings = OrchestratorSettings.FromEnvironment();
        var log = new JsonLog("vvtv_orchestrator");
        var sync = new CloudSync(settings, Faults.FromEnvironment(), log);
        var scheduler = new Scheduler(card, settings, Faults.FromEnvironment(), log, sync);
        while (true)
        {
            bool standby;
            using (var conn = StateDb.Open(Paths.StateDb))
                standby = !await scheduler.IterateAsync(conn);
            if (settings.RunOnce) return 0;
            _ = standby;
            await Task.Delay(TimeSpan.FromSeconds(15));
        }
    }
}
