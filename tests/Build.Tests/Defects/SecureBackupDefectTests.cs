using Build.Tests.Cloudflare;
using Build.Tests.Vvtv;
using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;
using Vvtv;

namespace Build.Tests.Defects;

/// <summary>
/// The build's own check of a secure backup (<see cref="SecureBackupPayload"/>) on folders the faithful sandbox
/// runbook wrote, where VVTV's own verify-backup-secure is wrong: it never reads the sidecar (D-R10) and decrypts with
/// current.key whatever key_id.txt says (D-R6).
/// </summary>
public sealed class SecureBackupDefectTests
{
    private ScratchDir _dir = null!;

    private string Root => Path.Combine(_dir.Path, "workspace");

    private string KeyDir => Path.Combine(Root, "runtime", "keys");

    [SetUp]
    public void SetUp()
    {
        _dir = new ScratchDir();
        SandboxBuildRoot.CopyTree(Repository.PathOf("sandbox", "workspace"), Root, "node_modules", ".wrangler",
            "runtime");
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public async Task D_R10_a_payload_that_does_not_match_its_sidecar_is_refused_although_the_runbook_verifies_it()
    {
        var backup = await SecureBackupAsync();
        File.WriteAllText(Path.Combine(backup, "backup.tar.gz.enc.sha256"), new string('0', 64) + "\n");

        var runbook = await RunbookAsync("verify-backup-secure", backup);

        Assert.That(runbook.ExitCode, Is.EqualTo(0), "the faithful runbook never reads the sidecar");
        var refused = Assert.Throws<VvtvFormatException>(() =>
            SecureBackupPayload.Verify(backup, Path.Combine(KeyDir, "current.key")));
        Assert.That(refused!.Message, Does.Contain("sidecar says " + new string('0', 64)));
    }

    [Test]
    public async Task D_R6_a_backup_made_before_a_rotation_decrypts_with_the_key_its_key_id_names()
    {
        var backup = await SecureBackupAsync();
        var keyId = File.ReadAllText(Path.Combine(backup, "key_id.txt")).Trim();
        // Key ids are UTC seconds, and the faithful runbook reuses one within its second.
        while (DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'") == keyId) await Task.Delay(50);
        Assert.That((await RunbookAsync("backup-key-rotate")).ExitCode, Is.EqualTo(0));

        var runbook = await RunbookAsync("verify-backup-secure", backup);

        Assert.That(runbook.ExitCode, Is.Not.EqualTo(0), "the faithful runbook decrypts with the new current.key");
        var manifest = SecureBackupPayload.Verify(backup, Path.Combine(KeyDir, "archive", $"{keyId}.key"));
        Assert.That(manifest.StateDbFile, Is.EqualTo("state.db"));
    }

    private async Task<string> SecureBackupAsync()
    {
        Assert.That((await RunbookAsync("force-nightly")).ExitCode, Is.EqualTo(0));
        var secure = await RunbookAsync("backup-metadata-secure");
        Assert.That(secure.ExitCode, Is.EqualTo(0), secure.StandardError);
        const string Key = "secure_backup_dir=";
        var line = secure.StandardOutput.Split('\n').Last(l => l.StartsWith(Key, StringComparison.Ordinal));
        var dir = line[Key.Length..];
        return Path.Combine(Root, dir);
    }

    private Task<BufferedCommandResult> RunbookAsync(params string[] args) =>
        Cli.Wrap("bash").WithArguments([Path.Combine(Root, "scripts", "vvtv-runbook.sh"), .. args])
            .WithWorkingDirectory(Root)
            .WithEnvironmentVariables(e => e
                .Set("PATH", $"{Repository.PathOf("sandbox", "bin")}:{Environment.GetEnvironmentVariable("PATH")}")
                .Set("VVTV_SANDBOX_FLAVOUR", "faithful").Set("VVTV_ENV", "dev").Set("TZ", "Etc/GMT+12")
                .Set("TMPDIR", _dir.Path).Set("VVTV_SIM_FAULTS", null).Set("VVTV_STATE_DB_PATH", null)
                .Set("VVTV_BACKUP_KEY_DIR", null).Set("VVTV_BACKUP_DIR", null).Set("VVTV_OWNER_CARD_PATH", null))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
}
