namespace Simulator.Orchestrator;

/// <summary>The orchestrator's hard-coded paths, relative to the working directory (§5.1).</summary>
public static class Paths
{
    public const string OwnerCard = "config/owner_card.sample.yaml";
    public const string StateDb = "runtime/state/vvtv.db";
    public const string Hls = "runtime/hls";
    public const string Exports = "runtime/exports";
}
