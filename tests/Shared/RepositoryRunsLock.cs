using System.Security.Cryptography;
using System.Text;

namespace Tests.Shared;

/// <summary>
/// A turn on the repository's own artifacts/runs, held across processes: `dotnet test` runs the test projects side by
/// side, and a build one project runs on the repository's root adds a run that another project's plan would read
/// (Release --plan names the runs it adopts). The file lives in the temp folder, one per repository checkout.
/// </summary>
public sealed class RepositoryRunsLock : IDisposable
{
    private readonly FileStream _stream;

    private RepositoryRunsLock(FileStream stream) => _stream = stream;

    /// <summary>Waits (up to 40 minutes: a whole run on the root may hold it) until no other test holds it.</summary>
    public static async Task<RepositoryRunsLock> AcquireAsync()
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Repository.Root)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"vvtv-tests-repository-runs-{key}.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(40);
        while (true)
        {
            try
            {
                return new RepositoryRunsLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                    FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
