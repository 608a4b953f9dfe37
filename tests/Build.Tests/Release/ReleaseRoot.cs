using Checklist;
using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace Build.Tests.Release;

/// <summary>
/// A build root of its own for ./build.sh --root: .nuke/, the real sandbox cargo and a private copy of the sandbox workspace template,
/// so its artifacts/runs hold only the evidence a test made (the repository's artifacts/ is shared with everyone's runs).
/// </summary>
internal sealed class ReleaseRoot : IDisposable
{
    private static readonly string[] NotCopied = ["node_modules", ".wrangler", "runtime", "target"];

    public ReleaseRoot()
    {
        Path = Directory.CreateTempSubdirectory("vvtv-release-root-").FullName;
        Directory.CreateDirectory(System.IO.Path.Combine(Path, ".nuke"));
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "sandbox"));
        Directory.CreateSymbolicLink(System.IO.Path.Combine(Path, "sandbox", "bin"), Repository.PathOf("sandbox", "bin"));
        Copy(Repository.PathOf("sandbox", "workspace"), Template);
        Commit = WorkspaceIdentity.Of(Template, Template);
    }

    public string Path { get; }
    public string Template => System.IO.Path.Combine(Path, "sandbox", "workspace");
    public string Artifacts => System.IO.Path.Combine(Path, "artifacts");
    /// <summary>The identity the build gives a sandbox run of this root.</summary>
    public string Commit { get; }

    public string Bundle(string version) => System.IO.Path.Combine(Artifacts, "release", version);

    /// <summary>Runs the repository's build.sh on this root; GITHUB_TOKEN and VVTV_SIM_FAULTS only as given.</summary>
    public async Task<BufferedCommandResult> BuildAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15)); // mostly waiting for the machine-wide port-7070 lock while others run
        return await Cli.Wrap(Repository.PathOf("build.sh"))
            .WithArguments([.. args, "--root", Path, "--no-logo"])
            .WithEnvironmentVariables(e =>
            {
                e.Set("GITHUB_TOKEN", null).Set("VVTV_SIM_FAULTS", null).Set("GITHUB_REPOSITORY", null).Set("GITHUB_ACTIONS", null);
                foreach (var (k, v) in environment) e.Set(k, v);
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { /* a process of a failed run may still write logs */ }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from).Where(d => !NotCopied.Contains(System.IO.Path.GetFileName(d))))
            Copy(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
    }
}
