using Tests.Shared;

namespace EngineTests;

/// <summary>
/// shellcheck at its default severity on the bootstrap and on the sandbox's scripts. A script that reproduces an
/// upstream defect on purpose carries a `# shellcheck disable=…` annotation naming the defect, which shellcheck
/// honours.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class ShellcheckTests
{
    private static async Task AssertClean(params string[] files)
    {
        var shellcheck = await RepositoryTools.Shellcheck();
        // Sourced helpers are followed from each script's folder, as the scripts source them.
        var result = await RepositoryTools.Run(shellcheck,
            ["--format=gcc", "--external-sources", "--source-path=SCRIPTDIR", .. files]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
    }

    [Test]
    public async Task Build_sh_passes_shellcheck() => await AssertClean(Repository.PathOf("build.sh"));

    [Test]
    public async Task The_bash_completion_script_passes_shellcheck()
    {
        await RepositoryTools.CompileBuild();
        var script = await RepositoryTools.Run(Repository.PathOf("build.sh"), ["--completion", "bash"]);
        var file = Path.Combine(Path.GetTempPath(), $"engine-completion-{Guid.NewGuid():N}.bash");
        try
        {
            File.WriteAllText(file, script.StandardOutput);
            await AssertClean("--shell=bash", file);
        }
        finally { File.Delete(file); }
    }

    [Test]
    public async Task The_sandbox_scripts_pass_shellcheck()
    {
        var scripts = Directory.EnumerateFiles(Repository.PathOf("sandbox", "workspace", "scripts"), "*",
                SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || File.ReadLines(f).FirstOrDefault() is { } l &&
                        l.StartsWith("#!", StringComparison.Ordinal) && l.Contains("sh", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.That(scripts, Is.Not.Empty);
        await AssertClean([.. scripts]);
    }
}
