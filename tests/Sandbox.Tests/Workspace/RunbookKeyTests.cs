using Sandbox.Tests.Workspace.Support;

namespace Sandbox.Tests.Workspace;

/// <summary>Runbook dispatch and backup key handling: rotate, ensure (missing, fresh, expired), prune.</summary>
[TestFixture, Parallelizable]
public sealed class RunbookKeyTests : ScriptTestBase
{
    private string KeyDir => Ws.PathOf("runtime", "keys");

    [TestCase]
    [TestCase("no-such-command")]
    public async Task Unknown_or_missing_command_prints_usage_and_exits_1(params string[] args)
    {
        var r = await Ws.RunAsync("vvtv-runbook.sh", args);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stdout, Does.StartWith("usage:"));
    }

    [TestCase("verify-backup")]
    [TestCase("verify-backup-secure")]
    [TestCase("restore-metadata")]
    [TestCase("restore-metadata-secure")]
    public async Task Commands_needing_a_backup_dir_exit_1_without_one(string command)
    {
        var r = await Ws.RunAsync("vvtv-runbook.sh", [command]);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
    }

    [Test]
    public async Task Rotate_writes_a_64_char_key_and_its_id_with_mode_600_and_archives_the_old_key()
    {
        var first = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-rotate"]);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(KeyValues.Keys(first.Pairs), Is.EqualTo(new[] { "backup_key_id", "backup_key_file" }));
        var firstId = KeyValues.Last(first.Pairs, "backup_key_id");
        Assert.That(firstId, Does.Match("^[0-9]{8}T[0-9]{6}Z$"));
        var keyFile = Path.Combine(KeyDir, "current.key");
        Assert.That(KeyValues.Last(first.Pairs, "backup_key_file"), Is.EqualTo(keyFile));
        var key = File.ReadAllText(keyFile);
        Assert.That(key, Does.Match("^[A-Za-z0-9+/]{64}\n$"));
        Assert.That(File.ReadAllText(Path.Combine(KeyDir, "current.key.id")), Is.EqualTo(firstId + "\n"));
        Assert.That(File.GetUnixFileMode(keyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(Path.Combine(KeyDir, "current.key.id")),
            Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));

        var second = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-rotate"]);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(KeyValues.Last(second.Pairs, "backup_key_id"), Is.Not.EqualTo(firstId),
            "a new id must not reuse the archived one");
        var archived = Path.Combine(KeyDir, "archive", firstId + ".key");
        Assert.That(File.ReadAllText(archived), Is.EqualTo(key));
        Assert.That(File.GetUnixFileMode(archived), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.ReadAllText(keyFile), Is.Not.EqualTo(key));
    }

    [Test]
    public async Task Rotate_archives_a_key_that_has_no_id_file()
    {
        Directory.CreateDirectory(KeyDir);
        File.WriteAllText(Path.Combine(KeyDir, "current.key"), "orphan-key\n");

        var r = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-rotate"]);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var archived = Directory.GetFiles(Path.Combine(KeyDir, "archive"), "*.key");
        Assert.That(archived, Has.Length.EqualTo(1));
        Assert.That(File.ReadAllText(archived[0]), Is.EqualTo("orphan-key\n"));
    }

    [Test]
    public async Task Ensure_reports_missing_then_fresh_then_expired()
    {
        var missing = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-ensure"]);
        Assert.That(missing.ExitCode, Is.EqualTo(0), missing.ToString());
        Assert.That(KeyValues.Keys(missing.Pairs),
            Is.EqualTo(new[] { "backup_key_id", "backup_key_file", "backup_key_rotated", "backup_key_rotate_reason" }));
        Assert.That(KeyValues.Last(missing.Pairs, "backup_key_rotate_reason"), Is.EqualTo("missing"));
        var id = KeyValues.Last(missing.Pairs, "backup_key_id");

        var fresh = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-ensure"]);
        Assert.That(fresh.Pairs, Is.EqualTo(new[]
        {
            new KeyValuePair<string, string>("backup_key_rotated", "false"),
            new KeyValuePair<string, string>("backup_key_id", id),
            new KeyValuePair<string, string>("backup_key_age_days", "0"),
        }));

        File.SetLastWriteTimeUtc(Path.Combine(KeyDir, "current.key"), DateTime.UtcNow.AddDays(-31).AddHours(-1));
        var expired = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-ensure"]);
        Assert.That(expired.ExitCode, Is.EqualTo(0), expired.ToString());
        Assert.That(KeyValues.Keys(expired.Pairs), Is.EqualTo(new[]
            { "backup_key_id", "backup_key_file", "backup_key_rotated", "backup_key_rotate_reason",
                "backup_key_age_days" }));
        Assert.That(KeyValues.Last(expired.Pairs, "backup_key_rotate_reason"), Is.EqualTo("expired"));
        Assert.That(KeyValues.Last(expired.Pairs, "backup_key_age_days"), Is.EqualTo("31"));
        Assert.That(File.Exists(Path.Combine(KeyDir, "archive", id + ".key")));
    }

    [Test]
    public async Task Prune_deletes_only_archived_keys_older_than_retention()
    {
        var archive = Path.Combine(KeyDir, "archive");
        Directory.CreateDirectory(Path.Combine(archive, "nested"));
        var old = Path.Combine(archive, "nested", "20250101T000000Z.key");
        var young = Path.Combine(archive, "20261101T000000Z.key");
        File.WriteAllText(old, "old\n");
        File.WriteAllText(young, "young\n");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-12));
        File.SetLastWriteTimeUtc(young, DateTime.UtcNow.AddDays(-5));

        var r = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-prune"],
            new Dictionary<string, string?> { ["VVTV_BACKUP_KEY_ARCHIVE_RETENTION_DAYS"] = "10" });

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        Assert.That(r.Pairs, Is.EqualTo(new[]
        {
            new KeyValuePair<string, string>("backup_key_pruned", "1"),
            new KeyValuePair<string, string>("backup_key_archive_retention_days", "10"),
        }));
        Assert.That(File.Exists(old), Is.False);
        Assert.That(File.Exists(young));
    }
}
