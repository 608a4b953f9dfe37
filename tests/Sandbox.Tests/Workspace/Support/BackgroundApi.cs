using CliWrap;

namespace Sandbox.Tests.Workspace.Support;

/// <summary>A control API on the workspace's address started by the test through the cargo shim; killed and awaited
/// on dispose.</summary>
public sealed class BackgroundApi : IAsyncDisposable
{
    private readonly CancellationTokenSource _kill = new();
    private readonly CommandTask<CommandResult> _task;

    private BackgroundApi(ScriptWorkspace ws, IReadOnlyDictionary<string, string?>? env)
    {
        _task = Cli.Wrap(Path.Combine(ScriptWorkspace.SandboxBin, "cargo"))
            .WithArguments(["run", "-q", "-p", "vvtv-control-api"])
            .WithWorkingDirectory(ws.Root)
            .WithEnvironmentVariables(ws.Env(env))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_kill.Token);
    }

    public static async Task<BackgroundApi> StartAsync(ScriptWorkspace ws, IReadOnlyDictionary<string,
        string?>? env = null)
    {
        var api = new BackgroundApi(ws, env);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (api._task.Task.IsCompleted)
                throw new InvalidOperationException("control API exited before answering");
            try
            {
                await ApiProbe.GetAsync(ws, "/v1/status");
                return api;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }
        await api.DisposeAsync();
        throw new TimeoutException($"control API did not answer on {ws.ApiUrl}");
    }

    public async ValueTask DisposeAsync()
    {
        _kill.Cancel();
        try { await _task; }
        catch (OperationCanceledException) { }
        _kill.Dispose();
    }
}
