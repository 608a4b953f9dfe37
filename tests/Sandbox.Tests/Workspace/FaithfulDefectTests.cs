using Sandbox.Tests.Workspace.Support;

namespace Sandbox.Tests.Workspace;

/// <summary>
/// The faithful flavour (`VVTV_SANDBOX_FLAVOUR=faithful`, the default) keeps VVTV's script defects, so the build's
/// guards meet them; each test names the defect of docs/vvtv-defects.md it shows, next to the fixed behaviour.
/// </summary>
[TestFixture, Parallelizable]
public sealed class FaithfulDefectTests : ScriptTestBase
{
    private static readonly Dictionary<string, string?> Faithful = new() { ["VVTV_SANDBOX_FLAVOUR"] = "faithful" };

    private string KeyDir => Ws.PathOf("runtime", "keys");

    private async Task<string> SecureBackupAsync()
    {
        var seed = await Ws.RunAsync("vvtv-runbook.sh", ["force-nightly"], Faithful);
        Assert.That(seed.ExitCode, Is.EqualTo(0), seed.ToString());
        var secure = await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata-secure"], Faithful);
        Assert.That(secure.ExitCode, Is.EqualTo(0), secure.ToString());
        return KeyValues.Last(secure.Pairs, "secure_backup_dir");
    }

    [TestCase("Faithful")]
    [TestCase("")]
    [TestCase("fixed ")]
    public async Task An_unknown_flavour_is_refused_before_any_step(string flavour)
    {
        var r = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-rotate"],
            new Dictionary<string, string?> { ["VVTV_SANDBOX_FLAVOUR"] = flavour });
        if (flavour.Length == 0)
        {
            // Empty means unset: the default, faithful.
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            return;
        }
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Is.EqualTo($"VVTV_SANDBOX_FLAVOUR must be faithful or fixed (got '{flavour}')\n"));
        Assert.That(Directory.Exists(KeyDir), Is.False, "nothing ran");
    }

    [Test]
    public async Task D_R6_a_secure_backup_made_before_a_rotation_no_longer_decrypts()
    {
        var dir = await SecureBackupAsync();
        var rotate = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-rotate"], Faithful);
        Assert.That(rotate.ExitCode, Is.EqualTo(0), rotate.ToString());

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup-secure", dir], Faithful);

        Assert.That(verify.ExitCode, Is.Not.EqualTo(0), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain("bad decrypt"));
    }

    [Test]
    public async Task D_R9_a_failed_decrypt_leaves_its_temp_folder_behind()
    {
        var dir = await SecureBackupAsync();
        File.WriteAllText(Path.Combine(KeyDir, "current.key"), "definitely-not-the-key\n");

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup-secure", dir], Faithful);

        Assert.That(verify.ExitCode, Is.Not.EqualTo(0), verify.ToString());
        Assert.That(Directory.GetDirectories(Ws.TempDir, "vvtv-secure-verify.*"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task D_R9_a_successful_decrypt_removes_its_temp_folder_as_vvtv_does()
    {
        var dir = await SecureBackupAsync();

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup-secure", dir], Faithful);

        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(Directory.GetFileSystemEntries(Ws.TempDir), Is.Empty, "VVTV removes the plaintext on success");
    }

    [Test]
    public async Task D_R8_a_secure_backup_called_from_outside_the_root_looks_for_its_folder_in_the_callers_cwd()
    {
        var seed = await Ws.RunAsync("vvtv-runbook.sh", ["force-nightly"], Faithful);
        Assert.That(seed.ExitCode, Is.EqualTo(0), seed.ToString());
        var elsewhere = Directory.CreateDirectory(Ws.PathOf("elsewhere")).FullName;

        var faithful = await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata-secure"], Faithful, workDir: elsewhere);
        var fixedFlavour = await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata-secure"], workDir: elsewhere);

        // vvtv-admin ran in the root and printed a relative backup_dir; tar looked for it under the caller's cwd.
        Assert.That(faithful.ExitCode, Is.Not.EqualTo(0), faithful.ToString());
        Assert.That(faithful.Stderr, Does.Contain("runtime/backups/"));
        Assert.That(fixedFlavour.ExitCode, Is.EqualTo(0), fixedFlavour.ToString());
    }

    [Test]
    public async Task D_PR3_promote_without_an_argument_and_no_canary_result_exits_2_saying_nothing()
    {
        var r = await Ws.RunAsync("vvtv-promote.sh", [], Faithful);

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Is.Empty);
    }

    [Test]
    public async Task D_R10_a_wrong_checksum_sidecar_goes_unnoticed()
    {
        var dir = await SecureBackupAsync();
        File.WriteAllText(Ws.PathOf(dir, "backup.tar.gz.enc.sha256"), new string('0', 64) + "\n");

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup-secure", dir], Faithful);

        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(KeyValues.Last(verify.Pairs, "backup_verified"), Is.EqualTo("true"));
    }

    [Test]
    public async Task D_R7_a_key_without_an_id_file_is_overwritten_without_a_copy()
    {
        Directory.CreateDirectory(KeyDir);
        File.WriteAllText(Path.Combine(KeyDir, "current.key"), "orphan-key\n");

        var r = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-rotate"], Faithful);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        Assert.That(Directory.GetFiles(Path.Combine(KeyDir, "archive"), "*.key"), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(KeyDir, "current.key")), Is.Not.EqualTo("orphan-key\n"));
    }

    [Test]
    public async Task D_PR2_an_error_body_from_the_alerts_endpoint_counts_as_no_alert_and_promotes()
    {
        var file = Ws.PathOf("result.env");
        File.WriteAllText(file, "status=PASS\n");
        // The readiness probe is sampled request 1, so promote's /v1/alerts (request 2) gets the 500.
        await using var api = await BackgroundApi.StartAsync(Ws,
            new Dictionary<string, string?> { ["VVTV_SIM_FAULTS"] = "api-error-every=2,high-alert" });

        var r = await Ws.RunAsync("vvtv-promote.sh", [file], Faithful);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var record = KeyValues.Last(r.Pairs, "promotion_record");
        Assert.That(File.ReadAllText(record), Does.StartWith("status=PROMOTED\n"));
    }
}
