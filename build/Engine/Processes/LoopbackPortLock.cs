using Serilog;

namespace Engine;

/// <summary>
/// A machine-wide lock on a fixed loopback port, one per network namespace: processes that start a server on that
/// port (runs of the build, test fixtures, scripts through flock) take turns instead of stopping or sampling each
/// other's server. The kernel releases it when its holder dies.
/// </summary>
public sealed class LoopbackPortLock : IDisposable
{
    private readonly FileStream _stream;

    private LoopbackPortLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Takes the lock of <paramref name="port"/> in this process's namespace, waiting (cancellable) while another
    /// process holds it. A wait is logged when it starts and, with its length, when it ends, so that timings of a
    /// run can leave it out. <paramref name="server"/> names what listens on the port, for those lines.
    /// </summary>
    public static LoopbackPortLock Acquire(int port, string server = "loopback", CancellationToken ct = default)
    {
        var file = FileOf(port);
        System.Diagnostics.Stopwatch? waiting = null;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Linux.
                var portLock = new LoopbackPortLock(
                    new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                if (waiting is not null)
                    Log.Information("The {Server:l} port {Port} is free after {Seconds:0.0} s of waiting",
                        server, port, waiting.Elapsed.TotalSeconds);
                return portLock;
            }
            catch (IOException)
            {
                if (waiting is null)
                {
                    Log.Warning("Another run on this machine holds the {Server:l} port {Port} ({LockFile:l}); " +
                                "waiting for it to finish", server, port, file);
                    waiting = System.Diagnostics.Stopwatch.StartNew();
                }
                ct.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>The lock file of <paramref name="port"/> in this process's network namespace.</summary>
    public static string FileOf(int port) => FileOf(port, NetworkNamespaceOf("self"));

    /// <summary>
    /// The lock file of <paramref name="port"/> in the network namespace <paramref name="namespaceId"/> (as
    /// <see cref="NetworkNamespaceOf"/> gives it). Each namespace has a loopback and so a port of its own: the
    /// machine's first namespace keeps the plain name, any other adds its id. The first is kthreadd's (pid 2, a kernel
    /// thread); where that cannot be read (no root), every namespace adds its id.
    /// </summary>
    public static string FileOf(int port, string? namespaceId)
    {
        // "net:[4026532176]"
        var key = namespaceId is null || namespaceId == NetworkNamespaceOf("2") ? ""
            : "-net" + new string([.. namespaceId.Where(char.IsAsciiDigit)]);
        // Named after the port alone, not after who takes it: any program on this machine that serves on the port
        // (a build, a test, bench/release-overhead.sh through flock) takes the same lock.
        return Path.Combine(Path.GetTempPath(), $"loopback-port-{port}{key}.lock");
    }

    /// <summary>
    /// The network namespace of a process ("self", a pid) as /proc names it ("net:[4026532176]"), or null when this
    /// user may not see it.
    /// </summary>
    public static string? NetworkNamespaceOf(string process)
    {
        try { return new FileInfo($"/proc/{process}/ns/net").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Releases the port to the next process waiting for it.</summary>
    public void Dispose() => _stream.Dispose();
}
