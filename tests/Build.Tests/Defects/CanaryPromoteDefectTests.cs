using Build.Tests.Cloudflare;
using Checklist;

namespace Build.Tests.Defects;

/// <summary>
/// The canary and promotion gates on the faithful sandbox, where VVTV's canary and promote scripts trust what they
/// find: an operator's environment, the newest file, the exit code of the soak.
/// </summary>
[TestFixture]
[Parallelizable]
public sealed class CanaryPromoteDefectTests
{
    private static readonly string[] ShortCanary =
        ["--canary-soak-hours", "0", "--canary-soak-interval-secs", "1", "--canary-soak-max-samples", "2"];

    [Test]
    public async Task An_operators_environment_and_a_newer_canary_result_do_not_change_what_is_promoted()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        // The live state db exists, as on a running VVTV host.
        await checkout.CargoAsync("run", "-q", "-p", "vvtv-orchestrator");
        Assert.That(File.Exists(checkout.PathOf("runtime", "state", "vvtv.db")), Is.True);
        // D-PR3: promote without an argument takes the newest runtime/canary/*/result.env by mtime.
        var decoy = checkout.PathOf("runtime", "canary", "20991231-235959", "result.env");
        Directory.CreateDirectory(Path.GetDirectoryName(decoy)!);
        File.WriteAllText(decoy, "status=PASS\n");
        File.SetLastWriteTimeUtc(decoy, DateTime.UtcNow.AddDays(1));
        var operatorOut = Path.Combine(checkout.RootPath, "operator-out");
        var env = DefectCheckout.OperatorEnvironment();
        // D-P11: with auto-promote off, VVTV's canary skips promotion and phase 3 still passes.
        env["VVTV_CANARY_AUTO_PROMOTE"] = "0";
        // D-P12: VVTV's scripts write where these point, else into timestamped folders of their own.
        env["VVTV_CANARY_OUT_DIR"] = Path.Combine(operatorOut, "canary");
        env["VVTV_SOAK_OUT_DIR"] = Path.Combine(operatorOut, "soak");
        env["VVTV_PROMOTE_OUT_DIR"] = Path.Combine(operatorOut, "promotions");
        // D-C2: the canary joins this onto the root, never finds the db, and runs an orchestrator cycle of its own.
        env["VVTV_STATE_DB_PATH"] = checkout.PathOf("runtime", "state", "vvtv.db");

        var (output, runDir, decision) =
            await checkout.BuildAsync(env, ["Canary", "Promote", "--skip", .. ShortCanary]);

        var items = decision.Items.ToDictionary(i => i.Id);
        Assert.Multiple(() =>
        {
            foreach (var id in new[] { "canary.run", "canary.status", "canary.auto-promote", "promote.gate",
                         "promote.record" })
                Assert.That(items[id].Status, Is.EqualTo(ItemStatus.Pass), $"{id}: {items[id].Reason}\n{output}");
        });
        Assert.That(Directory.Exists(operatorOut), Is.False, "a script wrote into the operator's VVTV_*_OUT_DIR");
        var canaryLog = File.ReadAllText(Path.Combine(runDir, "evidence", "Canary", "canary.log"));
        Assert.That(canaryLog, Does.Not.Contain("is missing"), "the canary did not find the live state db (D-C2)");
        var record = Directory.GetFiles(Path.Combine(runDir, "evidence", "Promote"), "promotion-*.env").Single();
        Assert.That(File.ReadAllText(record), Does.Not.Contain(decoy), "the newer decoy result was promoted (D-PR3)");
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(checkout.Path), Is.Empty);
    }

    [Test]
    public async Task D_C5_a_canary_whose_backup_fails_writes_no_result_and_the_status_item_names_it()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        var env = DefectCheckout.OperatorEnvironment();
        // The manifest's state db hash is wrong, so the canary's verify-backup fails before any result.env.
        env["VVTV_SIM_FAULTS"] = "backup-corrupt";

        var (output, _, decision) = await checkout.BuildAsync(env, ["Canary", "--skip", .. ShortCanary]);

        var status = decision.Items.Single(i => i.Id == "canary.status");
        Assert.That(status.Status, Is.EqualTo(ItemStatus.Fail), output);
        Assert.That(status.Reason, Does.StartWith("no result.env in").And.Contain("D-C5"));
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(checkout.Path), Is.Empty);
    }

    [Test]
    public async Task D_C3_an_api_that_escaped_its_stage_is_stopped_before_the_next_one_reuses_it()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        // A phase 1 whose API leaves the script's process group as well as outliving the script (D-P2): the group
        // kill at the step's end misses it, and the canary's soak and promotion gate would measure it instead of the
        // API they start (which could not bind).
        var phase1 = checkout.PathOf("scripts", "vvtv-phase1-go-live.sh");
        File.WriteAllText(phase1, File.ReadAllText(phase1).Replace("  cargo run -q -p vvtv-control-api >",
            "  setsid cargo run -q -p vvtv-control-api >"));

        var (output, _, decision) = await checkout.BuildAsync(DefectCheckout.OperatorEnvironment(),
            ["GoLive", "Canary", "--skip", .. ShortCanary]);

        Assert.That(output, Does.Contain("A stale control API from this run's workspace still listens on port 7070"));
        var canary = decision.Items.Where(i => i.Id.StartsWith("canary.", StringComparison.Ordinal)).ToList();
        Assert.That(canary.Select(i => i.Status), Has.All.EqualTo(ItemStatus.Pass),
            string.Join("\n", canary.Select(i => $"{i.Id}: {i.Reason}")));
        var run = Directory.GetDirectories(checkout.PathOf("runtime", "release-build")).Single();
        Assert.That(File.ReadAllText(Path.Combine(run, "canary", "soak", "control-api.log")), Does.Not.Contain("Error"),
            "the canary soak's own API could not bind: the stale one answered in its place");
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(checkout.Path), Is.Empty);
    }
}
