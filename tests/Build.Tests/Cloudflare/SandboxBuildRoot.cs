using Build.Tests.Support;
using Checklist;
using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace Build.Tests.Cloudflare;

/// <summary>
/// A build root for <c>./build.sh --root</c> whose sandbox links to the repository's (cargo, workspace template, and
/// the simulator and npm caches), so its artifacts/runs hold only this test's runs and nothing is installed twice.
/// </summary>
internal sealed partial class SandboxBuildRoot : IDisposable
{
    /// <param name="ownNetwork">Runs the builds in a network namespace of their own (where the machine allows one),
    /// side by side with other tests' builds; false for a build that must share the test's loopback.</param>
    public SandboxBuildRoot(bool ownNetwork = true)
    {
        Network = ownNetwork ? OwnNetwork.TryCreate() : null;
        Path = Directory.CreateTempSubdirectory("vvtv-cloudflare-root-").FullName;
        Directory.CreateDirectory(System.IO.Path.Combine(Path, ".nuke"));
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "sandbox"));
        Directory.CreateDirectory(Repository.PathOf("sandbox", ".artifacts"));
        foreach (var shared in new[] { "bin", "workspace", ".artifacts" })
            Directory.CreateSymbolicLink(System.IO.Path.Combine(Path, "sandbox", shared),
                Repository.PathOf("sandbox", shared));
    }

    public string Path { get; }

    /// <summary>The network namespace the builds run in, or null: the test's own (they take turns on port 7070).
    /// </summary>
    public OwnNetwork? Network { get; }

    /// <summary>Where /proc lists the sockets of the builds' network namespace, for a look at port 7070.</summary>
    public string ProcNet => Network?.ProcNet ?? "/proc/net";

    /// <summary>Runs the repository's build.sh on this root with only the given Cloudflare/fault variables.</summary>
    public async Task<BufferedCommandResult> BuildAsync(IReadOnlyDictionary<string, string?> environment,
        params string[] args)
    {
        // Generous: the build waits for the machine-wide control-API port lock while other runs hold it.
        using var timeout = new CancellationTokenSource(BuildTimeout);
        for (var attempt = 1; ; attempt++)
        {
            var result = await BuildCommand(environment, args).ExecuteBufferedAsync(timeout.Token);
            if (attempt == 3 || !IsBootstrapFailure(result.ExitCode, result.StandardOutput)) return result;
        }
    }

    /// <summary>
    /// build.sh failed before any target started: concurrent bootstraps of the shared build (other engineers' runs) can
    /// trip over each other while compiling, and the developers' guide says to retry.
    /// </summary>
    public static bool IsBootstrapFailure(int exitCode, string output) => exitCode != 0
        && !output.Contains("═══", StringComparison.Ordinal);

    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The build.sh command on this root, unvalidated, the environment cleared of Cloudflare settings and
    /// faults except those given.</summary>
    public Command BuildCommand(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        BuildSh.In(Network, [.. args, "--root", Path, "--no-logo"])
            .WithEnvironmentVariables(e =>
            {
                foreach (var name in new[] { "VVTV_SIM_FAULTS", "VVTV_CLOUDFLARE_BASE_URL", "VVTV_CLOUDFLARE_TOKEN",
                    "VVTV_CLOUDFLARE_SECRET", "CLOUDFLARE_API_TOKEN", "GITHUB_ACTIONS" })
                    e.Set(name, null);
                foreach (var (k, v) in environment) e.Set(k, v);
            })
            .WithValidation(CommandResultValidation.None);

    /// <summary>The run folder the build named in its output.</summary>
    public string RunDirOf(BufferedCommandResult result) => RunDirOf(result.StandardOutput);

    /// <summary>The run folder named in a build's output.</summary>
    public string RunDirOf(string output)
    {
        var runs = System.IO.Path.Combine(Path, "artifacts", "runs");
        var named = Directory.GetDirectories(runs)
            .Where(d => output.Contains(System.IO.Path.GetFileName(d), StringComparison.Ordinal)).ToList();
        Assert.That(named, Has.Count.EqualTo(1), $"one run folder of {runs} named in the output:\n{output}");
        return named[0];
    }

    /// <summary>The run folder whose decision a build's output says it wrote (the last one), or null; for output that
    /// also names other runs (the ones a kill left, stopped by this one).</summary>
    public static string? DecidedRunDirOf(string output) =>
        DecisionLine().Matches(output).LastOrDefault() is { } line
            ? System.IO.Path.GetDirectoryName(line.Groups[1].Value)
            : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"Decision (?:GO|NO-GO) written to (\S+decision\.json)")]
    private static partial System.Text.RegularExpressions.Regex DecisionLine();

    /// <summary>The decision.json items of the Cloudflare section, by id.</summary>
    public static Dictionary<string, DecisionItem> CloudflareItems(string runDir) =>
        DecisionFile.Load(System.IO.Path.Combine(runDir, DecisionFile.JsonName)).Items
            .Where(i => i.Id.StartsWith("cloudflare.", StringComparison.Ordinal)).ToDictionary(i => i.Id);

    /// <summary>Processes whose working directory lies under <paramref name="dir"/> (wrangler, workerd, the
    /// orchestrator of a run).</summary>
    public static List<string> ProcessesWorkingUnder(string dir)
    {
        var found = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(proc), out _)) continue;
            try
            {
                var cwd = new DirectoryInfo(System.IO.Path.Combine(proc, "cwd")).LinkTarget;
                if (cwd is not null && (cwd + "/").StartsWith(dir.TrimEnd('/') + "/", StringComparison.Ordinal))
                    found.Add($"{System.IO.Path.GetFileName(proc)}: " +
                        $"{File.ReadAllText(System.IO.Path.Combine(proc, "cmdline")).Replace('\0', ' ')}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to look at.
            }
        }
        return found;
    }

    /// <summary>Copies a folder tree, leaving out files and folders by name.</summary>
    public static void CopyTree(string from, string to, params string[] skipped)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)
            .Where(f => !skipped.Contains(System.IO.Path.GetFileName(f))))
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from)
            .Where(d => !skipped.Contains(System.IO.Path.GetFileName(d))))
            CopyTree(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)), skipped);
    }

    public void Dispose()
    {
        Network?.Dispose();
        // Unlinked first, so that nothing can ever recurse into the repository's sandbox.
        foreach (var shared in new[] { "bin", "workspace", ".artifacts" })
            File.Delete(System.IO.Path.Combine(Path, "sandbox", shared));
        try { Directory.Delete(Path,
            recursive: true); } catch (IOException) { /* a process of a failed run may still write logs */ }
    }
}
