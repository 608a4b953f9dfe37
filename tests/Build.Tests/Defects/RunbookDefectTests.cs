using Build.Tests.Cloudflare;
using Checklist;

namespace Build.Tests.Defects;

/// <summary>
/// <c>./build.sh Runbook --skip</c> on a checkout of the faithful sandbox, set up so that one of VVTV's runbook defects
/// bites; each test fails when the build's guard against that defect is removed.
/// </summary>
[TestFixture]
[Parallelizable]
public sealed class RunbookDefectTests
{
    [Test]
    public async Task D_R9_a_failed_secure_restore_leaves_no_decrypted_backup_in_TMPDIR()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        // vvtv-admin restores the owner card through a sibling temp file; a folder of that name makes the restore fail
        // after the runbook decrypted the backup, the failure VVTV leaves its plaintext behind on (D-R9).
        Directory.CreateDirectory(checkout.PathOf("config", "owner_card.sample.tmp.restore", "in-the-way"));
        var operatorTmp = Directory.CreateDirectory(Path.Combine(checkout.RootPath, "operator-tmp")).FullName;
        var env = DefectCheckout.OperatorEnvironment();
        env["TMPDIR"] = operatorTmp;
        // D-R11: a max age of 0 days makes the secure backup's silent key-ensure rotate the live key.
        env["VVTV_BACKUP_KEY_MAX_AGE_DAYS"] = "0";

        var (output, runDir, decision) = await checkout.BuildAsync(env, "Runbook", "--skip", "--maintenance-window");

        var restore = decision.Items.Single(i => i.Id == "runbook.restore-metadata-secure");
        Assert.That(restore.Status, Is.EqualTo(ItemStatus.Fail), $"{restore.Reason}\n{output}");
        Assert.That(Directory.GetFileSystemEntries(operatorTmp, "vvtv-secure-*"), Is.Empty,
            "decrypted backup data was left in the operator's TMPDIR");
        Assert.That(Directory.Exists(Path.Combine(runDir, "private-tmp")), Is.False, "the private TMPDIRs were kept");
        Assert.That(decision.Reasons, Has.Some.Contains("D-R9").And.Some.Contains("vvtv-secure-restore."),
            string.Join("\n", decision.Reasons));
        Assert.That(decision.LiveChanges.Where(c => c.Step == "runbook-backup-metadata-secure").Select(c => c.Changed),
            Has.Some.Contains("replaced the live backup key"), "the secure backup's silent rotation is not listed");
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(checkout.Path), Is.Empty);
    }

    [Test]
    public async Task D_R7_a_key_without_its_id_file_is_never_rotated_away()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        var keyFile = checkout.PathOf("runtime", "keys", "current.key");
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        File.WriteAllText(keyFile, "an operator's key whose id file was lost\n");

        var (output, _, decision) =
            await checkout.BuildAsync(DefectCheckout.OperatorEnvironment(), "Runbook", "--skip");

        Assert.That(File.ReadAllText(keyFile), Is.EqualTo("an operator's key whose id file was lost\n"),
            "the faithful rotation overwrote a key it did not archive");
        var rotate = decision.Items.Single(i => i.Id == "runbook.backup-key-rotate");
        Assert.That(rotate.Status, Is.EqualTo(ItemStatus.Fail), output);
        Assert.That(rotate.Reason, Does.Contain("D-R7").And.Contain("has no id file"));
        // D-P9: VVTV's phase 2 rotates the key on every run; the build drives the runbook itself and never runs it.
        Assert.That(Directory.Exists(checkout.PathOf("runtime", "go-live", "phase2")), Is.False);
    }

    [Test]
    public async Task D_R12_a_secure_backup_that_reuses_the_plain_backups_folder_fails_naming_the_defect()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        // VVTV names a backup folder to the second and reuses it: a secure backup within the plain one's second
        // empties that folder. The build waits for the next second; a fixed admin clock makes the collision certain.
        var env = DefectCheckout.OperatorEnvironment();
        env["VVTV_SIM_FAULTS"] = "backup-clock=1767225600";

        var (output, _, decision) = await checkout.BuildAsync(env, "Runbook", "--skip");

        var plain = decision.Items.Single(i => i.Id == "runbook.backup-metadata");
        Assert.That(plain.Status, Is.EqualTo(ItemStatus.Pass), $"{plain.Reason}\n{output}");
        var secure = decision.Items.Single(i => i.Id == "runbook.backup-metadata-secure");
        Assert.That(secure.Status, Is.EqualTo(ItemStatus.Fail), output);
        Assert.That(secure.Reason, Does.Contain("reused the plain backup's folder").And.Contain("(D-R12)"));
        var shared = checkout.PathOf("runtime", "backups", "20260101T000000Z");
        Assert.That(Directory.GetDirectories(checkout.PathOf("runtime", "backups")), Is.EqualTo(new[] { shared }));
        Assert.That(File.Exists(Path.Combine(shared, "state.db")), Is.False,
            "the faithful secure backup deletes the plain backup's files from the shared folder");
        Assert.That(decision.Decision, Is.EqualTo("NO-GO"));
    }

    [Test]
    public async Task D_R4_a_file_named_percent_m_breaks_the_key_age_and_the_ensure_item_fails()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        // GNU stat takes BSD's "-f %m" as filesystem mode and %m as a file: with such a file it "succeeds" and prints
        // filesystem text where the script expects a number.
        File.WriteAllText(checkout.PathOf("%m"), "");

        var (output, _, decision) =
            await checkout.BuildAsync(DefectCheckout.OperatorEnvironment(), "Runbook", "--skip");

        var ensure = decision.Items.Single(i => i.Id == "runbook.backup-key-ensure");
        Assert.That(ensure.Status, Is.EqualTo(ItemStatus.Fail), output);
        Assert.That(ensure.Reason, Does.Contain("runbook-backup-key-ensure exited"));
    }
}
