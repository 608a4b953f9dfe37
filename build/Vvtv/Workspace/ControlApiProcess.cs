using CliWrap;
using Engine;

namespace Vvtv;

/// <summary>
/// A control API this build started itself (never one that merely answers on the port, D-P3): readiness means our own
/// process group holds the listening socket and GET /v1/status answers 200 with a valid body.
/// </summary>
public sealed class ControlApiProcess : IAsyncDisposable
{
    private readonly BackgroundProcess _process;

    private ControlApiProcess(BackgroundProcess process, ControlApiClient client)
    {
        _process = process;
        Client = client;
    }

    /// <summary>Client for the started API.</summary>
    public ControlApiClient Client { get; }

    /// <summary>The API's combined stdout/stderr log.</summary>
    public string LogFile => _process.OutputFile;

    /// <summary>Starts <paramref name="cargoRun"/> (cargo run -q -p vvtv-control-api) and waits until it is ready, or
    /// throws saying why.</summary>
    public static async Task<ControlApiProcess> StartAsync(Command cargoRun, string logFile, string apiUrl, int port,
        TimeSpan readyTimeout, CancellationToken ct)
    {
        var process = cargoRun.StartGroup(logFile,
            new ProcessOptions { LogName = "control-api", KillGrace = TimeSpan.FromSeconds(5) });
        var client = new ControlApiClient(apiUrl, TimeSpan.FromSeconds(5));
        var api = new ControlApiProcess(process, client);
        try
        {
            var deadline = DateTime.UtcNow + readyTimeout;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (process.Completion.IsCompleted)
                    throw new InvalidOperationException($"the control API exited before it was ready: {Tail(logFile)}");
                // The HTTP probe is cheap (refused at once until it listens); the /proc scan for the owner runs only
                // once it answers.
                try
                {
                    await client.GetStatusAsync(ct);
                    if (PortListener.Find(port) is { } listener && OwnedBy(listener, process.Pid)) return api;
                }
                catch (Exception e) when (e is HttpRequestException or VvtvFormatException or TaskCanceledException
                    && !ct.IsCancellationRequested) { }
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"the control API was not ready on port {port} within " +
                        $"{readyTimeout.TotalSeconds:0} s: {Tail(logFile)}");
                // Short: an API is ready about half a second after its start, and every run starts several.
                await Task.Delay(50, ct);
            }
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the API's whole process group.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.StopAsync();
    }

    // cargo run execs the program, but a wrapper may fork: accept any member of the group we started.
    private static bool OwnedBy(PortListener listener, int pgid)
    {
        if (listener.Pid is not { } pid) return false;
        return pid == pgid || ProcessGroupOf.Pid(pid) == pgid;
    }

    private static string Tail(string logFile)
    {
        try
        {
            var lines = File.ReadAllLines(logFile).TakeLast(5).ToList();
            return lines.Count == 0 ? "its log is empty" : "last log lines: " + string.Join(" | ", lines);
        }
        catch (IOException) { return "no log"; }
    }
}
