namespace Soak;

/// <summary>Which engine takes the soak's samples.</summary>
public enum SoakEngineKind
{
    /// <summary>The build's own sampler: fixed schedule, a timeout per request, every body parsed.</summary>
    Native,

    /// <summary>The workspace's scripts/vvtv-soak.sh, watched and re-evaluated by the build.</summary>
    Script,
}
