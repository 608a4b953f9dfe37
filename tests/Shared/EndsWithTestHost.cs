using System.Diagnostics;

namespace Tests.Shared;

/// <summary>
/// Ties a process group a test started (a server in a session of its own, which no signal to the test host's group
/// reaches) to the test host: a watcher holds a pipe from the host and, once the pipe closes because the host ended
/// however it ended (a killed host runs no TearDown), sends the group SIGTERM and, 5 s later, SIGKILL. Dispose it after
/// the test has stopped the group itself: the watcher then ends without a signal.
/// </summary>
public sealed class EndsWithTestHost : IDisposable
{
    private readonly Process _watcher;

    public EndsWithTestHost(int processGroup)
    {
        // A session of its own, so a signal to the host's group (a terminal's Ctrl-C) leaves it to do its job; cat
        // inherits the ignored signals and so ends only with the pipe.
        var start = new ProcessStartInfo("setsid") { RedirectStandardInput = true };
        foreach (var arg in (string[])["sh", "-c", "trap '' INT TERM HUP; cat >/dev/null; " +
                     $"kill -TERM -{processGroup} 2>/dev/null; sleep 5; kill -KILL -{processGroup} 2>/dev/null", "--"])
            start.ArgumentList.Add(arg);
        _watcher = Process.Start(start)!;
    }

    /// <summary>What the host's end does to the watcher: its pipe closes.</summary>
    internal void PipeClosed() => _watcher.StandardInput.Close();

    public void Dispose()
    {
        _watcher.Kill(entireProcessTree: true);
        _watcher.WaitForExit();
        _watcher.Dispose();
    }
}
