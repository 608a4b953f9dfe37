using System.Diagnostics.CodeAnalysis;
using CliWrap;
using Engine;
using Serilog;
using Vvtv;

namespace Soak;

/// <summary>
/// The control API and continuous orchestrator the native engine starts, as the script does, each in its
/// own process group that is stopped when the soak ends. Unlike the script, readiness is wall-clock bounded and only
/// counts while our own API is alive (D-P3, D-P4), and a dead orchestrator is noticed (D-SK6).
/// </summary>
public sealed class SoakServices : IAsyncDisposable
{
    /// <summary>
    /// File in the soak's out dir naming the scheduler lease our stopped orchestrator left (see <see
    /// cref="ReleaseStoppedLease"/>).
    /// </summary>
    public const string StoppedLeaseFile = "orchestrator-stopped-lease.txt";

    private readonly BackgroundProcess? _api;
    private readonly BackgroundProcess? _orchestrator;
    private readonly DateTimeOffset _orchestratorStarted;
    private readonly string _stateDb;
    private readonly string _outDir;

    private SoakServices(BackgroundProcess? api, BackgroundProcess? orchestrator, DateTimeOffset orchestratorStarted,
        SoakWorkspace workspace, SoakPlan plan)
    {
        _api = api;
        _orchestrator = orchestrator;
        _orchestratorStarted = orchestratorStarted;
        _stateDb = StateDb(workspace.Root);
        _outDir = plan.OutDir;
    }

    public static async Task<SoakServices> StartAsync(SoakWorkspace workspace, SoakPlan plan, CancellationToken ct)
    {
        Directory.CreateDirectory(plan.OutDir);
        BackgroundProcess? api = null, orchestrator = null;
        var orchestratorStarted = DateTimeOffset.UtcNow;
        try
        {
            if (plan.Settings.RunApi)
                api = workspace.Command("cargo", ["run", "-q", "-p", "vvtv-control-api"])
                    .StartGroup(Path.Combine(plan.OutDir, "control-api.log"),
                        new ProcessOptions { LogName = "control-api" });
            if (plan.Settings.RunOrchestrator)
                orchestrator = workspace.Command("cargo", ["run", "-q", "-p", "vvtv-orchestrator"])
                    .StartGroup(Path.Combine(plan.OutDir, "orchestrator.log"),
                        new ProcessOptions { LogName = "orchestrator" });
            var services = new SoakServices(api, orchestrator, orchestratorStarted, workspace, plan);
            if (api is not null) await services.WaitForApiAsync(plan, ct);
            return services;
        }
        catch
        {
            if (orchestrator is not null) await orchestrator.StopAsync();
            if (api is not null) await api.StopAsync();
            throw;
        }
    }

    /// <summary>
    /// Why a sample cannot be trusted although the API answered: the control API the soak started has exited.
    /// </summary>
    public string? Problem =>
        Exited(_api) ? $"the control API the soak started has exited (see {Path.GetFileName(_api.OutputFile)})" : null;

    /// <summary>Whether the orchestrator the soak started still runs; null when it started none (D-SK6).</summary>
    public bool? OrchestratorAlive => _orchestrator is null ? null : !Exited(_orchestrator);

    public async ValueTask DisposeAsync()
    {
        if (_orchestrator is not null)
        {
            // Taken after our start, so ours: only one owner holds the lock, and one that held it before us never
            // re-acquires it with a later time.
            var lease = SchedulerLease.Holder(_stateDb) is { } holder
                && holder.AcquiredAt >= _orchestratorStarted ? holder : null;
            await _orchestrator.StopAsync();
            if (lease is not null) File.WriteAllText(Path.Combine(_outDir, StoppedLeaseFile), lease.OwnerId + "\n");
        }
        if (_api is not null) await _api.StopAsync();
    }

    /// <summary>
    /// Releases the scheduler lease the soak's stopped orchestrator left (a killed orchestrator keeps it for up to 30
    /// s, and a run-once orchestrator meanwhile silently does nothing, D-O2). Only that owner's row goes; a lease
    /// someone else took since stays. It is not released when the soak ends, so the canary's own soak orchestrator
    /// stays in standby as it does after the script's soak.
    /// </summary>
    public static void ReleaseStoppedLease(string workspaceRoot, string soakOutDir)
    {
        var file = Path.Combine(soakOutDir, StoppedLeaseFile);
        if (!File.Exists(file)) return;
        var owner = File.ReadAllText(file).Trim();
        if (owner.Length > 0 && SchedulerLease.ReleaseStopped(StateDb(workspaceRoot), owner))
            Log.Information("Released the scheduler lease {Owner:l} of the soak's stopped orchestrator instead "
                + "of waiting for it to expire", owner);
        File.Delete(file);
    }

    private static string StateDb(string workspaceRoot) => Path.Combine(workspaceRoot, "runtime", "state", "vvtv.db");

    private async Task WaitForApiAsync(SoakPlan plan, CancellationToken ct)
    {
        var boot = plan.Settings.BootTimeout;
        var deadline = DateTimeOffset.UtcNow + boot;
        using var client = new ControlApiClient(plan.Settings.ApiUrl, TimeSpan.FromSeconds(Math.Min(5,
            boot.TotalSeconds)));
        string last = "no answer yet";
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (Exited(_api))
                throw new SoakBootException($"the control API the soak started exited before it answered: "
                    + $"{Tail(_api!.OutputFile)}");
            try
            {
                await client.GetStatusAsync(ct);
                // An answer proves nothing if our own process died meanwhile and another one holds the port (D-P3).
                if (!Exited(_api)) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or VvtvFormatException
                && !ct.IsCancellationRequested)
            {
                last = e is TaskCanceledException ? "GET /v1/status timed out" : e.Message;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
        throw new SoakBootException($"the control API did not answer GET /v1/status within {boot.TotalSeconds} "
            + $"s ({last})");
    }

    // The leader is the program itself (setsid and cargo exec it): its exit is the service's death, whatever else is
    // left in the group.
    private static bool Exited([NotNullWhen(true)] BackgroundProcess? process) => process is not null
        && process.Completion.IsCompleted;

    private static string Tail(string file)
    {
        try
        {
            var lines = File.ReadAllLines(file).Where(l => l.Trim().Length > 0).TakeLast(3).ToList();
            return lines.Count == 0 ? $"{Path.GetFileName(file)} is empty" : string.Join(" | ", lines);
        }
        catch (IOException) { return $"{Path.GetFileName(file)} is unreadable"; }
    }
}

/// <summary>The soak's services never became ready; no sample was taken in this segment.</summary>
public sealed class SoakBootException(string message) : Exception(message);
