using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Sandbox.Tests.Simulator.Support;

namespace Sandbox.Tests.Simulator;

/// <summary>The simulated `vvtv-admin` (contract §4): outputs, manifest bytes, failure messages and exit
/// codes.</summary>
[TestFixture, Parallelizable]
public sealed class AdminTests
{
    private TempWorkspace _ws = null!;

    [SetUp]
    public void CreateWorkspace()
    {
        _ws = new TempWorkspace();
        Directory.CreateDirectory(Path.GetDirectoryName(_ws.StateDbPath)!);
        using var conn = new SqliteConnection($"Data Source={_ws.StateDbPath};Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "CREATE TABLE marker (v TEXT); INSERT INTO marker VALUES ('original');";
        cmd.ExecuteNonQuery();
    }

    [TearDown]
    public void DeleteWorkspace() => _ws.Dispose();

    private Task<Cargo.Result> Admin(params string[] args) => Cargo.RunPackageAsync(_ws, "vvtv-admin", null, args);

    private async Task<string> BackupAsync()
    {
        var r = await Admin("backup");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        return Regex.Match(r.Stdout, "^backup_dir=(.*)$", RegexOptions.Multiline).Groups[1].Value;
    }

    [Test]
    public async Task Backup_prints_keys_and_writes_schema_1_manifest_without_trailing_newline()
    {
        var r = await Admin("backup");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.Match(@"^backup_dir=runtime/backups/\d{8}T\d{6}Z$"));
        var dir = lines[0]["backup_dir=".Length..];
        Assert.That(lines[1], Is.EqualTo($"manifest={dir}/manifest.json"));

        var manifest = File.ReadAllText(_ws.PathOf(dir, "manifest.json"));
        var state = Sha(_ws.PathOf(dir, "state.db"));
        var card = Sha(_ws.PathOf(dir, "owner_card.yaml"));
        Assert.That(manifest, Does.Match(
            "^\\{\n  \"schema_version\": 1,\n  \"created_at\": " +
                "\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3}|\\.\\d{6}|\\.\\d{9})?\\+00:00\",\n" +
            $"  \"state_db_file\": \"state.db\",\n  \"state_db_sha256\": \"{state}\",\n" +
            $"  \"owner_card_file\": \"owner_card.yaml\",\n  \"owner_card_sha256\": \"{card}\"\n\\}}$"));
        Assert.That(File.ReadAllText(_ws.PathOf(dir, "owner_card.yaml")), Is.EqualTo(TempWorkspace.OwnerCardYaml));
    }

    [Test]
    public async Task Verify_reports_checksums_of_a_good_backup()
    {
        var dir = await BackupAsync();
        var r = await Admin("verify", "--backup-dir", dir);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Is.EqualTo(
            $"backup_verified=true\nbackup_dir={dir}\nstate_db_sha256={Sha(_ws.PathOf(dir, "state.db"))}\nowner_card_sha256={Sha(_ws.PathOf(dir, "owner_card.yaml"))}\n"));
    }

    [Test]
    public async Task Restore_needs_force_then_replaces_both_targets()
    {
        var dir = await BackupAsync();
        File.WriteAllText(_ws.OwnerCardPath, "changed");
        var refused = await Admin("restore", "--backup-dir", dir);
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Stderr, Does.StartWith("Error: target state db exists (use --force)"));

        var r = await Admin("restore", "--backup-dir", dir, "--force");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout,
            Is.EqualTo("restored_state_db=runtime/state/vvtv.db\nrestored_owner_card=config/owner_card.sample.yaml\n"));
        Assert.That(File.ReadAllText(_ws.OwnerCardPath), Is.EqualTo(TempWorkspace.OwnerCardYaml));
        Assert.That(File.Exists(_ws.PathOf("runtime", "state", "vvtv.tmp.restore")), Is.False);
    }

    [Test]
    public async Task Tampered_files_and_manifests_fail_verify_with_their_messages()
    {
        var dir = await BackupAsync();
        File.AppendAllText(_ws.PathOf(dir, "owner_card.yaml"), "#");
        Assert.That((await Admin("verify", "--backup-dir", dir)).Stderr,
            Does.StartWith("Error: owner card checksum mismatch"));

        var manifest = _ws.PathOf(dir, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest)
            .Replace("\"schema_version\": 1", "\"schema_version\": 2"));
        var r = await Admin("verify", "--backup-dir", dir);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith("Error: unsupported manifest schema_version=2"));

        File.Delete(_ws.PathOf(dir, "state.db"));
        File.WriteAllText(manifest, File.ReadAllText(manifest)
            .Replace("\"schema_version\": 2", "\"schema_version\": 1"));
        Assert.That((await Admin("verify", "--backup-dir", dir)).Stderr,
            Does.StartWith($"Error: backup files missing in {dir}"));

        File.WriteAllText(manifest, "{\"schema_version\": 1}");
        r = await Admin("verify", "--backup-dir", dir);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("missing field"));
    }

    [TestCase(new[] { "verify" }, "Error: --backup-dir is required")]
    [TestCase(new[] { "verify", "--backup-dir", "nowhere" }, "Error: failed reading nowhere/manifest.json")]
    [TestCase(new[] { "backup", "--state-db" }, "Error: missing value for --state-db")]
    [TestCase(new[] { "backup", "--bogus", "x" }, "Error: unknown flag for backup: --bogus")]
    [TestCase(new[] { "backup", "--state-db", "absent.db" }, "Error: state db not found: absent.db")]
    [TestCase(new[] { "backup", "--owner-card", "absent.yaml" }, "Error: owner card not found: absent.yaml")]
    [TestCase(new[] { "explode" }, "Error: unknown command: explode")]
    public async Task Failures_exit_1_with_an_error_line(string[] args, string error)
    {
        var r = await Admin(args);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith(error));
    }

    [Test]
    public async Task No_command_prints_usage_and_exits_0()
    {
        var r = await Admin();
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Stdout, Does.Contain("backup"));
    }

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
