using Tests.Shared;
using System.Net;
using System.Text;
using CliWrap;
using Simulator.Common;

namespace Sandbox.Tests.Simulator.Support;

/// <summary>A control API started through `cargo run -p vvtv-control-api` on a free loopback port; killed on
/// dispose.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _kill = new();
    private readonly CommandTask<CommandResult> _task;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ApiServer(TempWorkspace ws, int port, IReadOnlyDictionary<string, string?>? env)
    {
        Port = port;
        var vars = new Dictionary<string, string?>(env ?? new Dictionary<string,
            string?>()) { ["VVTV_SIM_API_PORT"] = port.ToString() };
        _task = Cli.Wrap(Cargo.ShimPath)
            .WithArguments(["run", "-q", "-p", "vvtv-control-api"])
            .WithWorkingDirectory(ws.Root)
            .WithEnvironmentVariables(Cargo.Env(vars))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(_stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(_stderr))
            .ExecuteAsync(_kill.Token);
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public int ProcessId => _task.ProcessId;

    public string Stdout => _stdout.ToString();

    public Task<CommandResult> Exited => _task.Task;

    public static async Task<ApiServer> StartAsync(TempWorkspace ws, IReadOnlyDictionary<string, string?>? env = null)
    {
        var server = new ApiServer(ws, FreeLoopbackPort.Next(), env);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (server._task.Task.IsCompleted)
                throw new InvalidOperationException($"control API exited early: {server._stderr}");
            try
            {
                using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                using var r = await probe.GetAsync($"http://127.0.0.1:{server.Port}/v1/status");
                return server;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }
        await server.DisposeAsync();
        throw new TimeoutException("control API did not answer /v1/status");
    }

    public static HttpRequestMessage Signed(string path, string token = "dev-token", string secret = "dev-secret",
        long? ts = null)
    {
        var stamp = (ts ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        request.Headers.TryAddWithoutValidation("x-vvtv-ts", stamp);
        request.Headers.TryAddWithoutValidation("x-vvtv-signature",
            Hmac.Sign(secret, Hmac.Canonical("POST", path, stamp, "")));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _kill.CancelAsync();
        try { await _task; }
        catch (OperationCanceledException) { }
        _kill.Dispose();
    }
}
