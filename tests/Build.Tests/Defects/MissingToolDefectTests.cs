using Checklist;
using Tests.Shared;

namespace Build.Tests.Defects;

/// <summary>
/// VVTV's runbook needs tools its own check does not ask for (D-R5) or asks for on every subcommand (D-R16). The build
/// adds no guard of its own: its guard is that a step that cannot run is a failed item, so a host without the tool
/// gets NO-GO, never a GO. These tests take a tool off PATH and hold the build to that.
/// </summary>
[TestFixture]
[Parallelizable]
public sealed class MissingToolDefectTests
{
    [Test]
    public async Task D_R5_without_shasum_the_secure_backup_fails_and_the_run_is_not_go()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        var env = DefectCheckout.OperatorEnvironment();
        env["PATH"] = PathWithout(checkout.RootPath, "shasum");

        var (output, runDir, decision) = await checkout.BuildAsync(env, "Runbook", "--skip");

        Assert.That(Directory.EnumerateFiles(runDir, "runbook-backup-metadata-secure*.log", SearchOption.AllDirectories)
            .Select(File.ReadAllText), Has.Some.Contains("shasum"), output);
        var secure = decision.Items.Single(i => i.Id == "runbook.backup-metadata-secure");
        Assert.That(secure.Status, Is.EqualTo(ItemStatus.Fail), output);
        Assert.That(decision.Items.Single(i => i.Id == "runbook.backup-metadata").Status, Is.EqualTo(ItemStatus.Pass),
            "only the step that needs shasum may fail");
        Assert.That(decision.Go, Is.False);
    }

    [Test]
    public async Task D_R16_without_tar_every_runbook_step_fails_and_the_run_is_not_go()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        var env = DefectCheckout.OperatorEnvironment();
        env["PATH"] = PathWithout(checkout.RootPath, "tar");

        var (output, runDir, decision) = await checkout.BuildAsync(env, "Runbook", "--skip");

        Assert.That(Directory.EnumerateFiles(runDir, "runbook-*.log", SearchOption.AllDirectories)
            .Select(File.ReadAllText), Has.Some.Contains("missing required tool: tar"), output);
        var runbook = decision.Items.Where(i => i.Id.StartsWith("runbook.", StringComparison.Ordinal)).ToList();
        Assert.That(runbook, Is.Not.Empty, output);
        Assert.That(runbook.Select(i => i.Status), Has.None.EqualTo(ItemStatus.Pass), output);
        Assert.That(decision.Go, Is.False);
    }

    // PATH as the operator's, with the sandbox's cargo first, in which the named tools do not exist: one folder of
    // links to every other program of the operator's PATH, so `command -v` finds nothing for them.
    private static string PathWithout(string scratch, params string[] tools)
    {
        var folder = Directory.CreateDirectory(Path.Combine(scratch, "path-without-" + string.Join("-", tools)));
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Distinct())
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var program in Directory.EnumerateFiles(dir))
            {
                var link = Path.Combine(folder.FullName, Path.GetFileName(program));
                if (tools.Contains(Path.GetFileName(program)) || File.Exists(link) || Directory.Exists(link)) continue;
                File.CreateSymbolicLink(link, program);
            }
        }
        return $"{Repository.PathOf("sandbox", "bin")}:{folder.FullName}";
    }
}
