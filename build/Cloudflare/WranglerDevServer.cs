using Engine;
using Serilog;
using Vvtv;

namespace Cloudflare;

/// <summary>
/// <c>wrangler dev</c> on a free loopback port in its own process group: wrangler, esbuild and both workerd processes
/// end together when it is stopped (and when the build's target ends or is cancelled, through the engine's group
/// tracking).
/// </summary>
public sealed class WranglerDevServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Probe =
        new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly BackgroundProcess _process;

    private WranglerDevServer(BackgroundProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>http://127.0.0.1:&lt;port&gt;, with no trailing slash (D-O4).</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Process group id (the group leader's pid).</summary>
    public int ProcessGroup => _process.Pid;

    /// <summary>Everything wrangler dev printed (secrets masked).</summary>
    public string OutputFile => _process.OutputFile;

    /// <summary>True while any process of the group is alive.</summary>
    public bool IsAlive => ProcessGroups.IsAlive(ProcessGroup);

    /// <summary>Starts wrangler dev on local D1 and waits until it answers HTTP; retries once on another port if the
    /// first was taken meanwhile.</summary>
    /// <param name="envFile">Secrets file for the Worker (<c>--env-file</c>, which wins over a .dev.vars); null leaves
    /// wrangler's own lookup.</param>
    public static async Task<WranglerDevServer> StartAsync(Wrangler wrangler, D1Location d1, string? envFile,
        string outputFile, CancellationToken ct = default)
    {
        if (d1.IsRemote) throw new ArgumentException("wrangler dev runs on a local D1 only", nameof(d1));
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.Free();
            List<string> arguments =
            [
                "dev", "--ip", "127.0.0.1", "--port", port.ToString(),
                // The inspector defaults to 9229, which concurrent runs would fight over.
                "--inspector-ip", "127.0.0.1", "--inspector-port", LoopbackPorts.Free().ToString(),
                "--show-interactive-dev-session=false",
            ];
            if (d1.PersistTo is { } state) arguments.AddRange(["--persist-to", state]);
            if (envFile is not null) arguments.AddRange(["--env-file", envFile]);
            var process = wrangler.Command(arguments)
                .StartGroup(outputFile, new ProcessOptions { KillGrace = TimeSpan.FromSeconds(5),
                    LogName = "wrangler dev" });
            var server = new WranglerDevServer(process, port);
            try
            {
                await server.WaitUntilReadyAsync(ct);
                Log.Information("wrangler dev answers on {Url:l} (process group {Group})", server.BaseUrl,
                    server.ProcessGroup);
                return server;
            }
            catch (WranglerException) when (attempt == 1 && server.Output()
                .Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Stops the whole process group and waits until the port is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (LoopbackPorts.IsListening(Port) && DateTime.UtcNow < deadline) await Task.Delay(100);
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.Completion.IsCompleted)
                throw new WranglerException($"wrangler dev exited before it answered on {BaseUrl}: {Tail()}");
            try
            {
                // Any HTTP answer means the Worker is served; what it answers is checked later.
                using var response = await Probe.GetAsync(BaseUrl + "/", ct);
                return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Listening but still starting.
            }
            await Task.Delay(100, ct);
        }
        throw new WranglerException($"wrangler dev did not answer on {BaseUrl} within " +
            $"{ReadyTimeout.TotalSeconds:0} s: {Tail()}");
    }

    /// <summary>What wrangler dev printed so far.</summary>
    public string Output()
    {
        // The writer still holds the file open.
        using var stream = new FileStream(OutputFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private string Tail() =>
        string.Join('\n', Output().Split('\n').Where(l => l.Trim().Length > 0).TakeLast(10));
}
