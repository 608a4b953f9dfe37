using Vvtv;

namespace Build.Tests.Vvtv;

public sealed class ScriptOutputTests
{
    [Test]
    public void Phase1_summary_parses()
    {
        var s = PhaseSummary.Parse(KeyValueFile.Parse(VvtvSamples.Phase1Summary, "summary.txt"), 1);
        Assert.That(s.Checks, Has.Count.EqualTo(5));
        Assert.That(s.ApiUrl, Is.EqualTo("http://127.0.0.1:7070"));
    }

    [Test]
    public void Phase3_summary_has_no_api_url_and_validates_enums()
    {
        var text = "phase=3\nstatus=PASS\ntimestamp_utc=20261124T062030Z\nartifacts_dir=/o\ncanary_result_file=/o/canary/result.env\n" +
                   "canary_status=PASS\npromotion_status=SKIPPED\npromotion_record=\nchecks=canary\n";
        Assert.That(PhaseSummary.Parse(KeyValueFile.Parse(text, "s3"), 3).ApiUrl, Is.Null);
        var bad = text.Replace("promotion_status=SKIPPED", "promotion_status=MAYBE");
        Assert.That(Assert.Throws<VvtvFormatException>(() =>
            PhaseSummary.Parse(KeyValueFile.Parse(bad, "s3"), 3))!.Message, Does.StartWith("s3:7:"));
    }

    [TestCase("status=PASS\n", "status=FAIL\n", "summary.txt:2:")]
    [TestCase("phase=1\n", "phase=2\n", "summary.txt:1:")]
    [TestCase("timestamp_utc=20261124T062030Z", "timestamp_utc=2026-11-24", "summary.txt:3:")]
    [TestCase("control-api-metrics", "control-api-metric", "summary.txt:6:")]
    [TestCase("api_url=http://127.0.0.1:7070\n", "", "api_url")]
    public void Phase1_summary_defects_are_named(string from, string to, string expected)
    {
        var e = Assert.Throws<VvtvFormatException>(() =>
            PhaseSummary.Parse(KeyValueFile.Parse(VvtvSamples.Phase1Summary.Replace(from, to), "summary.txt"), 1))!;
        Assert.That(e.Message, Does.Contain(expected));
    }

    [Test]
    public void Soak_summary_parses_and_allows_extra_keys_after()
    {
        var s = SoakSummary.Parse(VvtvSamples.SoakSummary + "extra=1\n", "summary.txt");
        Assert.That((s.Verdict, s.Samples, s.CheckIntervalSecs, s.ScriptVerdict), Is.EqualTo(("PASS", 3L, 1L, "PASS")));
    }

    [TestCase("VVTV Soak Summary\n", "", "summary.txt:1:")]
    [TestCase("samples=3\n", "samples=three\n", "summary.txt:3:")]
    [TestCase("samples=3\n", "samples=-1\n", "summary.txt:3:")]
    [TestCase("verdict=PASS\n", "verdict=OK\n", "summary.txt:2:")]
    [TestCase("soak_hours=0\ncheck_interval_secs=1\n", "soak_hours=0\ncheck_interv", "check_interval_secs")]
    [TestCase("samples=3\nfail_status_requests=0\n", "fail_status_requests=0\nsamples=3\n", "summary.txt:")]
    public void Soak_summary_defects_are_named(string from, string to, string expected)
    {
        var e = Assert.Throws<VvtvFormatException>(() =>
            SoakSummary.Parse(VvtvSamples.SoakSummary.Replace(from, to), "summary.txt"))!;
        Assert.That(e.Message, Does.Contain(expected));
    }

    [Test]
    public void Canary_result_parses_inside_workspace()
    {
        using var dir = new ScratchDir();
        var path = dir.Write("runtime/canary/x/result.env", VvtvSamples.CanaryResult);
        var r = CanaryResult.Load(path, dir.Path);
        Assert.That((r.Status, r.RollbackApplied, r.PromotionStatus), Is.EqualTo(("PASS", false, "PROMOTED")));
    }

    [TestCase("status=PASS", "status=PASSED", "result.env:1:")]
    [TestCase("rollback_applied=0", "rollback_applied=yes", "result.env:3:")]
    [TestCase("rollback_applied=0", "rollback_applied=1", "contradictory")]
    [TestCase("status=PASS", "status=FAIL_ROLLBACK_APPLIED", "contradictory")]
    [TestCase("promotion_status=PROMOTED", "promotion_status=DONE", "result.env:6:")]
    [TestCase("promotion_record=runtime/releases/promotions/promotion-20261124T062100Z.env", "promotion_record=",
        "PROMOTED but promotion_record is empty")]
    [TestCase("backup_dir=runtime/backups/20261124T062031Z", "backup_dir=../../etc", "outside")]
    [TestCase("promotion_record=runtime/", "promotion_record=/etc/", "outside")]
    public void Canary_result_defects_are_named(string from, string to, string expected)
    {
        using var dir = new ScratchDir();
        var path = dir.Write("result.env", VvtvSamples.CanaryResult.Replace(from, to));
        var e = Assert.Throws<VvtvFormatException>(() => CanaryResult.Load(path, dir.Path))!;
        Assert.That(e.Message, Does.Contain(expected).And.Contain("result.env"));
    }

    [Test]
    public void Promotion_record_parses_and_refuses_nonzero_alerts()
    {
        Assert.That(PromotionRecord.Parse(KeyValueFile.Parse(VvtvSamples.PromotionRecord, "p.env")).Status,
            Is.EqualTo("PROMOTED"));
        var e = Assert.Throws<VvtvFormatException>(() =>
            PromotionRecord.Parse(KeyValueFile.Parse(VvtvSamples.PromotionRecord.Replace("alerts_high_critical=0",
                "alerts_high_critical=2"), "p.env")))!;
        Assert.That(e.Message, Does.StartWith("p.env:4:"));
    }

    [Test]
    public void Runbook_lines_parse_in_every_shape()
    {
        Assert.That(RunbookOutput.ParseKeyRotate("backup_key_id=20261124T062030Z\nbackup_key_file=/k/current.key\n",
            "rotate").KeyId, Is.EqualTo("20261124T062030Z"));
        var missing = RunbookOutput.ParseKeyEnsure("backup_key_id=20261124T062030Z\nbackup_key_file=/k\nbackup_key_rotated=true\nbackup_key_rotate_reason=missing\n", "e");
        Assert.That((missing.Rotated, missing.Reason, missing.AgeDays), Is.EqualTo((true, "missing", (long?)null)));
        var fresh = RunbookOutput.ParseKeyEnsure("backup_key_rotated=false\nbackup_key_id=20261124T062030Z\nbackup_key_age_days=3\n", "e");
        Assert.That((fresh.Rotated, fresh.AgeDays), Is.EqualTo((false, (long?)3)));
        Assert.That(RunbookOutput.ParseKeyPrune("backup_key_pruned=2\nbackup_key_archive_retention_days=30\n",
            "p").Pruned, Is.EqualTo(2));
        var secure = RunbookOutput.ParseSecureBackup("backup_dir=runtime/backups/T\nmanifest=runtime/backups/T/manifest.json\nsecure_backup_dir=runtime/backups/T\nsecure_backup_payload=runtime/backups/T/backup.tar.gz.enc\n", "s");
        Assert.That(secure.SecureBackupPayload, Does.EndWith(".enc"));
        var verified = RunbookOutput.ParseVerify($"backup_verified=true\nbackup_dir=d\nstate_db_sha256={VvtvSamples.Sha}\nowner_card_sha256={VvtvSamples.Sha}\n", "v");
        Assert.That(verified.BackupDir, Is.EqualTo("d"));
        Assert.That(RunbookOutput.ParseRestore("restored_state_db=a\nrestored_owner_card=b\n", "r").OwnerCard,
            Is.EqualTo("b"));
    }

    [Test]
    public void Runbook_defects_are_named()
    {
        Assert.That(Assert.Throws<VvtvFormatException>(() =>
            RunbookOutput.ParseVerify($"backup_verified=true\nbackup_dir=d\nstate_db_sha256={VvtvSamples.Sha.ToUpperInvariant()}\nowner_card_sha256={VvtvSamples.Sha}\n", "verify.log"))!.Message,
            Does.StartWith("verify.log:3:"));
        Assert.That(Assert.Throws<VvtvFormatException>(() =>
            RunbookOutput.ParseBackup("backup_dir=a\nmanifest=b/manifest.json\n", "backup.log"))!.Message,
            Does.StartWith("backup.log:2:"));
        Assert.That(Assert.Throws<VvtvFormatException>(() =>
            RunbookOutput.ParseKeyEnsure("backup_key_rotated=true\nbackup_key_id=20261124T062030Z\nbackup_key_file=k\nbackup_key_rotate_reason=expired\n", "ensure.log"))!.Message,
            Does.Contain("backup_key_age_days"));
        Assert.That(Assert.Throws<VvtvFormatException>(() => RunbookOutput.ParseRestore("", "restore.log"))!.Message,
            Does.Contain("restore.log"));
    }
}
