using CliWrap;

namespace Engine;

/// <summary>Handle to a long-running process group; StopAsync/DisposeAsync kill the whole group.</summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly CommandTask<CommandResult> _task;
    private readonly StreamWriter _writer;
    private readonly TimeSpan _grace;

    internal BackgroundProcess(CommandTask<CommandResult> task, string outputFile, StreamWriter writer, TimeSpan grace)
    {
        _task = task;
        _writer = writer;
        _grace = grace;
        OutputFile = outputFile;
    }

    public int Pid => _task.ProcessId;
    public string OutputFile { get; }
    public bool IsAlive => !_task.Task.IsCompleted && ProcessGroups.IsAlive(Pid);
    /// <summary>Completes when the leader exits; result holds its exit code.</summary>
    public Task<CommandResult> Completion => _task.Task;

    public async Task StopAsync()
    {
        await ProcessGroups.KillAsync(Pid, _grace).ConfigureAwait(false);
        try { await _task.ConfigureAwait(false); } catch (Exception) { /* killed on purpose */ }
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
