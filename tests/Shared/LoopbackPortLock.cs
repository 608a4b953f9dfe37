namespace Tests.Shared;

/// <summary>
/// A lock on a fixed loopback port (7070 for the control API, 8787 for wrangler) held across processes in this network
/// namespace, so test projects that `dotnet test` runs side by side never start two servers on the same port. The file
/// is the one the build's ControlApiPortLock takes: the plain name in the machine's first namespace, with the
/// namespace's id in any other (each has a loopback of its own; see <see cref="OwnNetwork"/>).
/// </summary>
public sealed class LoopbackPortLock : IDisposable
{
    private readonly FileStream _stream;

    private LoopbackPortLock(FileStream stream) => _stream = stream;

    public static LoopbackPortLock Acquire(int port, TimeSpan? timeout = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vvtv-loopback-port-{port}{NamespaceKey()}.lock");
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

    private static string NamespaceKey()
    {
        var own = OwnNetwork.IdOf("self");
        return own is null || own == OwnNetwork.IdOf("1") ? "" : "-net" + new string([.. own.Where(char.IsAsciiDigit)]);
    }
}
