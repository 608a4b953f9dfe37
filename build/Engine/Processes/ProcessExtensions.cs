using System.Diagnostics;
using CliWrap;
using Serilog;

namespace Engine;

/// <summary>Runs CliWrap commands in their own process group so the whole tree can be stopped.</summary>
public static class ProcessExtensions
{
    /// <summary>Wraps the command with setsid so the child leads a new session/process group (pgid = pid).</summary>
    internal static Command InOwnGroup(this Command command) =>
        Cli.Wrap("setsid").WithArguments(a => a.Add(command.TargetFilePath).Add(command.Arguments, escape: false))
            .WithWorkingDirectory(command.WorkingDirPath)
            .WithEnvironmentVariables(command.EnvironmentVariables)
            .WithStandardInputPipe(command.StandardInputPipe)
            .WithValidation(CommandResultValidation.None);

    /// <summary>
    /// Runs the command in its own process group, streams masked output into the log (and optionally a file),
    /// captures lines, applies the timeout, and always ends by killing the whole group.
    /// </summary>
    public static async Task<ProcessResult> ExecuteGroupAsync(this Command command, ProcessOptions? options = null,
        CancellationToken ct = default)
    {
        options ??= ProcessOptions.Default;
        var name = options.LogName ?? Path.GetFileName(command.TargetFilePath);
        var stdout = new List<string>();
        var stderr = new List<string>();
        StreamWriter? file = null;
        if (options.OutputFile is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            file = new StreamWriter(path, append: true) { AutoFlush = true };
        }
        var gate = new Lock();
        void OnLine(List<string> sink, string line)
        {
            var masked = SecretMasker.Global.Mask(line);
            lock (gate)
            {
                sink.Add(masked);
                file?.WriteLine(masked);
            }
            Log.Write(options.OutputLevel, "[{Process:l}] {Line:l}", name, masked);
        }

        using var timeout = options.Timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var watch = Stopwatch.StartNew();
        var wrapped = ProcessEnvironment.Apply(command, options).InOwnGroup()
            // The caller's own pipes (if any) still get the raw output alongside ours.
            .WithStandardOutputPipe(
                PipeTarget.Merge(command.StandardOutputPipe, PipeTarget.ToDelegate(l => OnLine(stdout, l))))
            .WithStandardErrorPipe(
                PipeTarget.Merge(command.StandardErrorPipe, PipeTarget.ToDelegate(l => OnLine(stderr, l))));
        // CliWrap is given no token: we stop the group ourselves, which ends the leader and closes the pipes.
        var task = wrapped.ExecuteAsync();
        var pgid = task.ProcessId;
        ProcessGroups.WaitUntilLeader(pgid, task.Task);
        ProcessGroups.Track(pgid);
        int exitCode;
        try
        {
            Process? leader = null;
            try { leader = Process.GetProcessById(pgid); } catch (ArgumentException) { }
            var exited = leader is null ? Task.CompletedTask : leader.WaitForExitAsync(CancellationToken.None);
            var stop = Task.Delay(Timeout.Infinite, linked.Token);
            var first = await Task.WhenAny(exited, task.Task, stop).ConfigureAwait(false);
            // Leader gone (or stop requested): background children may still hold the pipes, so kill the group now.
            await ProcessGroups.KillAsync(pgid, options.KillGrace).ConfigureAwait(false);
            var result = await task.ConfigureAwait(false);
            exitCode = result.ExitCode;
            leader?.Dispose();
            if (first == stop && !timeout.IsCancellationRequested) ct.ThrowIfCancellationRequested();
        }
        finally
        {
            if (ProcessGroups.IsAlive(pgid)) await ProcessGroups.KillAsync(pgid, TimeSpan.Zero).ConfigureAwait(false);
            ProcessGroups.Untrack(pgid);
            file?.Dispose();
        }
        var timedOut = timeout.IsCancellationRequested;
        if (timedOut) Log.Warning("{Process:l} timed out after {Timeout}", name, options.Timeout);
        return new ProcessResult(exitCode, stdout, stderr, watch.Elapsed, timedOut);
    }

    /// <summary>
    /// Starts a long-running command (e.g. a server) in its own group; dispose or StopAsync to kill the group.
    /// </summary>
    public static BackgroundProcess StartGroup(this Command command, string outputFile, ProcessOptions? options = null)
    {
        options ??= ProcessOptions.Default;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputFile))!);
        var writer = new StreamWriter(outputFile, append: true) { AutoFlush = true };
        var gate = new Lock();
        void OnLine(string line)
        {
            var masked = SecretMasker.Global.Mask(line);
            lock (gate) writer.WriteLine(masked);
            var name = options.LogName ?? Path.GetFileName(command.TargetFilePath);
            Log.Write(options.OutputLevel, "[{Process:l}] {Line:l}", name, masked);
        }
        var task = ProcessEnvironment.Apply(command, options).InOwnGroup()
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
            .ExecuteAsync();
        ProcessGroups.WaitUntilLeader(task.ProcessId, task.Task);
        ProcessGroups.Track(task.ProcessId);
        return new BackgroundProcess(task, outputFile, writer, options.KillGrace);
    }
}
