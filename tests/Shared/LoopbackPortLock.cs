namespace Tests.Shared;

/// <summary>
/// A lock on a fixed loopback port (7070 for the control API, 8787 for wrangler) held across processes in this network
/// namespace, so test projects that `dotnet test` runs side by side never start two servers on the same port. The file
/// is the one the build's ControlApiPortLock takes: the plain name in the machine's first namespace (kthreadd's), with
/// the namespace's id in any other (each has a loopback of its own; see <see cref="OwnNetwork"/>).
/// </summary>
public sealed class LoopbackPortLock : IDisposable
{
    private readonly FileStream _stream;

    private LoopbackPortLock(FileStream stream) => _stream = stream;

    public static LoopbackPortLock Acquire(int port, TimeSpan? timeout = null)
    {
        var path = FileOf(port, NamespaceKey());
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(20));
        while (true)
        {
            try
            {
                return new LoopbackPortLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                    FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>The lock file of <paramref name="port"/> in the namespace of <paramref name="key"/>.</summary>
    internal static string FileOf(int port, string key) =>
        Path.Combine(Path.GetTempPath(), $"vvtv-loopback-port-{port}{key}.lock");

    /// <summary>The key of a namespace that is not the machine's first, from its id ("net:[4026532176]").</summary>
    internal static string KeyOf(string id) => "-net" + new string([.. id.Where(char.IsAsciiDigit)]);

    private static string NamespaceKey()
    {
        var own = OwnNetwork.IdOf("self");
        return own is null || own == OwnNetwork.IdOf("2") ? "" : KeyOf(own);
    }
}
