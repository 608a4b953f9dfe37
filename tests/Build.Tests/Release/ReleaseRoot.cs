using Build.Tests.Support;
using Checklist;
using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace Build.Tests.Release;

/// <summary>
/// A build root of its own for ./build.sh --root: .nuke/, the real sandbox cargo and a private copy of the sandbox
/// workspace template, so its artifacts/runs hold only the evidence a test made (the repository's artifacts/ is shared
/// with everyone's runs). The sandbox's caches (.artifacts: the simulator, the Worker's npm packages) are the
/// repository's, installed once.
/// </summary>
internal sealed class ReleaseRoot : IDisposable
{
    private static readonly string[] NotCopied = ["node_modules", ".wrangler", "runtime", "target"];

    /// <param name="ownNetwork">Runs the builds in a network namespace of their own (where the machine allows one),
    /// side by side with other tests' builds; false for builds that must reach a server on the test's loopback.</param>
    public ReleaseRoot(bool ownNetwork = true)
    {
        Network = ownNetwork ? OwnNetwork.TryCreate() : null;
        Path = Directory.CreateTempSubdirectory("vvtv-release-root-").FullName;
        Directory.CreateDirectory(System.IO.Path.Combine(Path, ".nuke"));
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "sandbox"));
        Directory.CreateDirectory(Repository.PathOf("sandbox", ".artifacts"));
        foreach (var shared in Linked)
            Directory.CreateSymbolicLink(
                System.IO.Path.Combine(Path, "sandbox", shared), Repository.PathOf("sandbox", shared));
        Copy(Repository.PathOf("sandbox", "workspace"), Template);
        Commit = WorkspaceIdentity.Of(Template, Template);
    }

    private static readonly string[] Linked = ["bin", ".artifacts"];

    public string Path { get; }

    /// <summary>The network namespace the builds run in, or null: the test's own (they take turns on port 7070).
    /// </summary>
    public OwnNetwork? Network { get; }
    public string Template => System.IO.Path.Combine(Path, "sandbox", "workspace");
    public string Artifacts => System.IO.Path.Combine(Path, "artifacts");
    /// <summary>The identity the build gives a sandbox run of this root.</summary>
    public string Commit { get; }

    public string Bundle(string version) => System.IO.Path.Combine(Artifacts, "release", version);

    /// <summary>Runs the repository's build.sh on this root; GITHUB_TOKEN and VVTV_SIM_FAULTS only as given.</summary>
    public async Task<BufferedCommandResult> BuildAsync(IReadOnlyDictionary<string, string?> environment,
        params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15)); // mostly waiting for the machine-wide port-7070 lock while others run
        return await BuildSh.In(Network, [.. args, "--root", Path, "--no-logo"])
            .WithEnvironmentVariables(e =>
            {
                e.Set("GITHUB_TOKEN", null).Set("VVTV_SIM_FAULTS", null).Set("GITHUB_REPOSITORY", null)
                    .Set("GITHUB_ACTIONS", null);
                foreach (var (k, v) in environment) e.Set(k, v);
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
    }

    public void Dispose()
    {
        Network?.Dispose();
        // Unlinked first, so that nothing can ever recurse into the repository's sandbox.
        foreach (var shared in Linked) File.Delete(System.IO.Path.Combine(Path, "sandbox", shared));
        try { Directory.Delete(Path,
            recursive: true); } catch (IOException) { /* a process of a failed run may still write logs */ }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file,
            System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from)
            .Where(d => !NotCopied.Contains(System.IO.Path.GetFileName(d))))
            Copy(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
    }
}
