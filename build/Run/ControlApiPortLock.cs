using Serilog;
using Vvtv;

/// <summary>
/// A machine-wide lock on VVTV's fixed control-API port (127.0.0.1:7070): two runs on one machine would otherwise
/// stop or sample each other's API. The sandbox's tests take the same lock file.
/// </summary>
sealed class ControlApiPortLock : IDisposable
{
    private const int Port = ControlApiAddress.Port;
    private readonly FileStream _stream;

    private ControlApiPortLock(FileStream stream) => _stream = stream;

    public static string LockFile => Path.Combine(Path.GetTempPath(), $"vvtv-loopback-port-{Port}.lock");

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
