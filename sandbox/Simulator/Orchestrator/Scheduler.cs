using Microsoft.Data.Sqlite;
using Simulator.Common;
using Simulator.State;

namespace Simulator.Orchestrator;

/// <summary>One scheduler iteration (§5.2): lock, recovery once, discovery, commit, nightly, cursors.</summary>
public sealed class Scheduler(
    OwnerCard.OwnerCard card,
    OrchestratorSettings settings,
    Faults faults,
    JsonLog log,
    CloudSync sync,
    ScheduleClock clock)
{
    private readonly SchedulerLock _lock = new(Guid.NewGuid().ToString());
    private readonly Pipeline _pipeline = new(card, log, sync);
    private bool _recovered;

    /// <summary>Runs one iteration; false when another process holds the lock.</summary>
    public async Task<bool> IterateAsync(SqliteConnection conn)
    {
        var local = clock.Now;
        var now = local.ToUniversalTime();
        // The lease stays on the real clock: other processes judge it by theirs.
        if (!_lock.TryAcquire(conn, DateTimeOffset.UtcNow))
        {
            log.Info("scheduler-standby-lock-not-acquired",
                ("lock_name", JsonText.Str(SchedulerLock.Name)), ("owner_id", JsonText.Str(_lock.OwnerId)));
            return false;
        }
        if (!_recovered)
        {
            _recovered = true;
            _pipeline.RecoverIfNeeded(conn);
        }
        var cursors = Cursors.Load(conn);
        var hour = Cursors.DiscoveryHourKey(now);
        if (cursors.LastDiscoveryHour != hour)
        {
            _pipeline.Discover(conn);
            cursors.LastDiscoveryHour = hour;
            cursors.Save(conn, DateTimeOffset.UtcNow);
        }
        var slot = Cursors.CommitSlotKey(now, card.CommitIntervalMinutes);
        if (cursors.LastCommitSlot != slot && !faults.Has("no-commit-window"))
        {
            await _pipeline.CommitAsync(conn);
            cursors.LastCommitSlot = slot;
            cursors.Save(conn, DateTimeOffset.UtcNow);
        }
        // D-O3: the nightly is due at local 03:00 and its cursor is a local date, while its outputs use UTC.
        var localToday = local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (settings.ForceNightly || (local.Hour == 3 && cursors.LastNightlyDate != localToday))
        {
            await _pipeline.NightlyAsync(conn);
            cursors.LastNightlyDate = localToday;
            cursors.Save(conn, DateTimeOffset.UtcNow);
        }
        if (settings.RunOnce) _lock.Release(conn);
        return true;
    }
}
