using Serilog;
using Vvtv;

/// <summary>
/// A lock on VVTV's fixed control-API port (127.0.0.1:7070) across every run in this network namespace: two runs
/// sharing a loopback would otherwise stop or sample each other's API. The sandbox's tests take the same lock file.
/// </summary>
sealed class ControlApiPortLock : IDisposable
{
    private const int Port = ControlApiAddress.Port;
    private readonly FileStream _stream;

    private ControlApiPortLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// One file per network namespace, since each has a loopback and a port 7070 of its own (the tests run builds
    /// side by side in namespaces of their own): the machine's first namespace keeps the plain name, any other adds
    /// its id. The first is kthreadd's (pid 2, a kernel thread); where that cannot be read (no root), every namespace
    /// adds its id.
    /// </summary>
    public static string LockFile =>
        Path.Combine(Path.GetTempPath(), $"vvtv-loopback-port-{Port}{NamespaceKey()}.lock");

    private static string NamespaceKey()
    {
        var own = NamespaceOf("self");
        if (own is null || own == NamespaceOf("2")) return "";
        // "net:[4026532176]"
        return "-net" + new string([.. own.Where(char.IsAsciiDigit)]);
    }

    private static string? NamespaceOf(string process)
    {
        try { return new FileInfo($"/proc/{process}/ns/net").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Waits (cancellable) until no other run or test on this machine holds the port.</summary>
    public static ControlApiPortLock Acquire(CancellationToken ct)
    {
        var said = false;
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Linux, released by the kernel if this process dies.
                var portLock = new ControlApiPortLock(
                    new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                // Said with its length, so timings of a run (bench/release-overhead.sh) can leave the wait out.
                if (said)
                    Log.Information("The control-API port {Port} is free after {Seconds:0.0} s of waiting",
                        Port, waiting.Elapsed.TotalSeconds);
                return portLock;
            }
            catch (IOException)
            {
                if (!said)
                    Log.Warning("Another VVTV run on this machine holds port {Port} ({LockFile:l}); " +
                                "waiting for it to finish",
                        Port, LockFile);
                said = true;
                ct.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
