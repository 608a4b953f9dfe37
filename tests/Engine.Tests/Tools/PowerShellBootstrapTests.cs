using CliWrap.Buffered;
using Tests.Shared;

namespace EngineTests;

/// <summary>
/// build.ps1 under the manifest's PowerShell (7.6.9) against build.sh on the repository's own build: the same help, the
/// same plan, and one gate run on the sandbox. The rebuild path is in <see cref="BootstrapTests"/>.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class PowerShellBootstrapTests
{
    [OneTimeSetUp] public Task Compile() => RepositoryTools.CompileBuild();

    [TestCase("--help")]
    [TestCase("Release", "--skip", "--plan")]
    [TestCase("Soak", "--plan")]
    public async Task Build_ps1_prints_what_build_sh_prints(params string[] args)
    {
        // Build.Tests, side by side, adds runs to the repository's artifacts/runs, which Release --plan reads.
        BufferedCommandResult sh, ps;
        using (await RepositoryRunsLock.AcquireAsync())
        {
            sh = await RepositoryTools.Run(Repository.PathOf("build.sh"), args);
            ps = await RepositoryTools.Pwsh(Repository.PathOf("build.ps1"), args);
        }
        Assert.That(sh.ExitCode, Is.EqualTo(0), sh.StandardOutput + sh.StandardError);
        Assert.That(ps.ExitCode, Is.EqualTo(0), ps.StandardOutput + ps.StandardError);
        Assert.That(ps.StandardOutput, Is.EqualTo(sh.StandardOutput));
    }

    [Test]
    public async Task Build_cmd_read_by_a_unix_shell_hands_over_to_build_sh()
    {
        var sh = await RepositoryTools.Run(Repository.PathOf("build.sh"), ["--help"]);
        var cmd = await RepositoryTools.Run("sh", [Repository.PathOf("build.cmd"), "--help"]);
        Assert.That(cmd.ExitCode, Is.EqualTo(0), cmd.StandardError);
        Assert.That(cmd.StandardOutput, Is.EqualTo(sh.StandardOutput));
        Assert.That(File.ReadAllText(Repository.PathOf("build.cmd")), Does.Contain("\"%~dp0build.ps1\" %*"));
    }

    [Test]
    public async Task The_committed_schema_is_the_one_the_build_writes()
    {
        // CompileBuild ran --help, which rewrites .nuke/build.schema.json when the build's parameters changed.
        var diff = await RepositoryTools.Run("git", ["status", "--porcelain", "--", ".nuke/build.schema.json"]);
        Assert.That(diff.StandardOutput, Is.Empty,
            "regenerate .nuke/build.schema.json (./build.sh --help) and commit it");
    }

    [Test]
    public async Task A_gate_runs_on_the_sandbox_through_build_ps1()
    {
        var root = Directory.CreateTempSubdirectory("engine-pwsh-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, ".nuke"));
            Directory.CreateDirectory(Path.Combine(root, "sandbox"));
            Directory.CreateSymbolicLink(Path.Combine(root, "sandbox", "bin"), Repository.PathOf("sandbox", "bin"));
            CopyWorkspace(Repository.PathOf("sandbox", "workspace"), Path.Combine(root, "sandbox", "workspace"));
            // The simulator compiles on its first use; outside, as the other end-to-end tests' set-up has it, so the
            // gate's wait for the control API does not include a compile (nor the namespace's want of a network).
            var simulator = await RepositoryTools.Run(Repository.PathOf("sandbox", "bin", "cargo"), ["build"],
                workingDirectory: Repository.PathOf("sandbox", "workspace"));
            Assert.That(simulator.ExitCode, Is.EqualTo(0), simulator.StandardOutput + simulator.StandardError);
            using var network = OwnNetwork.TryCreate();
            var ps = await RepositoryTools.PwshIn(network, Repository.PathOf("build.ps1"), "Security", "--skip",
                "--root", root);
            Assert.That(ps.ExitCode, Is.EqualTo(0), ps.StandardOutput + ps.StandardError);
            Assert.That(ps.StandardOutput, Does.Match(@"Security\s+Succeeded"));
            Assert.That(ps.StandardOutput, Does.Match(@"Test\s+Skipped"));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { /* a late log write */ }
        }
    }

    private static readonly string[] NotCopied = ["node_modules", ".wrangler", "runtime", "target"];

    private static void CopyWorkspace(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from).Where(d => !NotCopied.Contains(Path.GetFileName(d))))
            CopyWorkspace(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
