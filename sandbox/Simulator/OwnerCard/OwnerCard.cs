namespace Simulator.OwnerCard;

/// <summary>The owner card fields the simulator uses (§5.10); every section is still required when loading.</summary>
public sealed record OwnerCard(
    int SchemaVersion,
    IReadOnlyList<string> AllowlistDomains,
    IReadOnlyList<string> BlacklistDomains,
    IReadOnlyList<string> BlockedKeywords,
    int CommitLeadHours,
    int CommitIntervalMinutes,
    int BufferTargetMinutes,
    int BufferCriticalMinutes,
    int MinResolutionHeight,
    float TargetAudioLufs,
    bool CuratorAutoApply,
    bool RequireHdPlaybackConfirmation,
    float MaxDailyAdjustmentPct,
    bool AutotuneEnabled);
