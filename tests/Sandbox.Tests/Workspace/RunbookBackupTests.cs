using System.Security.Cryptography;
using Sandbox.Tests.Workspace.Support;

namespace Sandbox.Tests.Workspace;

/// <summary>Runbook plain and secure backups, their verify/restore, nightly and audit export.</summary>
[TestFixture, Parallelizable]
public sealed class RunbookBackupTests : ScriptTestBase
{
    private async Task SeedStateAsync()
    {
        var r = await Ws.RunAsync("vvtv-runbook.sh", ["force-nightly"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        Assert.That(File.Exists(Ws.PathOf("runtime", "state", "vvtv.db")));
    }

    [Test]
    public async Task Export_audits_prints_the_absolute_path_of_the_newest_export_last()
    {
        var r = await Ws.RunAsync("vvtv-runbook.sh", ["export-audits"]);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var last = Lines(r.Stdout)[^1];
        Assert.That(last, Does.StartWith(Ws.PathOf("runtime", "exports", "audit-")).And.EndWith(".json"));
        Assert.That(File.Exists(last));
    }

    [Test]
    public async Task Plain_backup_verify_and_restore_print_their_lines_from_any_cwd()
    {
        await SeedStateAsync();

        var backup = await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata"], workDir: Ws.TempDir);
        Assert.That(backup.ExitCode, Is.EqualTo(0), backup.ToString());
        Assert.That(KeyValues.Keys(backup.Pairs), Is.EqualTo(new[] { "backup_dir", "manifest" }));
        var dir = KeyValues.Last(backup.Pairs, "backup_dir");
        Assert.That(dir, Does.Match("^runtime/backups/[0-9]{8}T[0-9]{6}Z$"));
        Assert.That(KeyValues.Last(backup.Pairs, "manifest"), Is.EqualTo(dir + "/manifest.json"));

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup", dir], workDir: Ws.TempDir);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(KeyValues.Keys(verify.Pairs), Is.EqualTo(new[] { "backup_verified", "backup_dir", "state_db_sha256",
            "owner_card_sha256" }));
        Assert.That(KeyValues.Last(verify.Pairs, "owner_card_sha256"),
            Is.EqualTo(Sha256(Ws.PathOf("config", "owner_card.sample.yaml"))));

        var restore = await Ws.RunAsync("vvtv-runbook.sh", ["restore-metadata", dir]);
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        Assert.That(KeyValues.Keys(restore.Pairs), Is.EqualTo(new[] { "restored_state_db", "restored_owner_card" }));
    }

    [Test]
    public async Task Verify_of_a_tampered_plain_backup_fails_with_the_admin_code()
    {
        await SeedStateAsync();
        var dir = KeyValues.Last((await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata"])).Pairs, "backup_dir");
        File.AppendAllText(Ws.PathOf(dir, "owner_card.yaml"), "# changed\n");

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup", dir]);

        Assert.That(verify.ExitCode, Is.EqualTo(1), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain("owner card checksum mismatch"));
    }

    [Test]
    public async Task Secure_backup_round_trips_through_openssl_and_survives_a_key_rotation()
    {
        await SeedStateAsync();

        var secure = await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata-secure"]);
        Assert.That(secure.ExitCode, Is.EqualTo(0), secure.ToString());
        Assert.That(KeyValues.Keys(secure.Pairs), Is.EqualTo(new[] { "backup_dir", "manifest", "secure_backup_dir",
            "secure_backup_payload" }));
        var dir = KeyValues.Last(secure.Pairs, "secure_backup_dir");
        Assert.That(KeyValues.Last(secure.Pairs, "secure_backup_payload"), Is.EqualTo(dir + "/backup.tar.gz.enc"));
        Assert.That(Directory.GetFiles(Ws.PathOf(dir)).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "backup.tar.gz.enc", "backup.tar.gz.enc.sha256", "key_id.txt" }));
        var payload = Ws.PathOf(dir, "backup.tar.gz.enc");
        Assert.That(File.ReadAllText(payload + ".sha256"), Is.EqualTo(Sha256(payload) + "\n"));
        Assert.That(File.ReadAllText(Ws.PathOf(dir, "key_id.txt")),
            Is.EqualTo(File.ReadAllText(Ws.PathOf("runtime", "keys", "current.key.id"))));
        Assert.That(File.ReadAllBytes(payload)[..8], Is.EqualTo("Salted__"u8.ToArray()));

        // Decrypt independently: password = first line of the key file, PBKDF2 10000 iterations.
        var password = File.ReadAllLines(Ws.PathOf("runtime", "keys", "current.key"))[0];
        var tarGz = Path.Combine(Ws.TempDir, "out.tar.gz");
        var dec = await ScriptWorkspace.ExecAsync("openssl",
            ["enc", "-d", "-aes-256-cbc", "-pbkdf2", "-iter", "10000", "-in", payload, "-out", tarGz, "-pass", "pass:"
                + password], Ws.Root);
        Assert.That(dec.ExitCode, Is.EqualTo(0), dec.ToString());
        var list = await ScriptWorkspace.ExecAsync("tar", ["-tzf", tarGz], Ws.Root);
        Assert.That(Lines(list.Stdout), Is.EqualTo(new[] { "state.db", "owner_card.yaml", "manifest.json" }));
        File.Delete(tarGz);

        var rotate = await Ws.RunAsync("vvtv-runbook.sh", ["backup-key-rotate"]);
        Assert.That(rotate.ExitCode, Is.EqualTo(0), rotate.ToString());

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup-secure", dir]);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(KeyValues.Keys(verify.Pairs), Is.EqualTo(new[] { "backup_verified", "backup_dir", "state_db_sha256",
            "owner_card_sha256" }));
        var scratch = KeyValues.Last(verify.Pairs, "backup_dir");
        Assert.That(scratch, Does.StartWith(Path.Combine(Ws.TempDir, "vvtv-secure-verify.")));
        Assert.That(Directory.Exists(scratch), Is.False, "the decrypted temp folder must be gone");

        var restore = await Ws.RunAsync("vvtv-runbook.sh", ["restore-metadata-secure", dir]);
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        Assert.That(KeyValues.Keys(restore.Pairs), Is.EqualTo(new[] { "restored_state_db", "restored_owner_card" }));
        Assert.That(Directory.GetDirectories(Ws.TempDir, "vvtv-secure-*"), Is.Empty);
    }

    [Test]
    public async Task Secure_verify_refuses_a_payload_whose_sidecar_does_not_match()
    {
        await SeedStateAsync();
        var dir = KeyValues.Last((await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata-secure"])).Pairs,
            "secure_backup_dir");
        File.WriteAllText(Ws.PathOf(dir, "backup.tar.gz.enc.sha256"), new string('0', 64) + "\n");

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup-secure", dir]);

        Assert.That(verify.ExitCode, Is.EqualTo(1), verify.ToString());
        Assert.That(verify.Stdout, Does.Not.Contain("backup_verified="));
        Assert.That(Directory.GetDirectories(Ws.TempDir, "vvtv-secure-*"), Is.Empty);
    }

    [Test]
    public async Task Secure_verify_with_the_wrong_key_fails_and_leaves_no_plaintext()
    {
        await SeedStateAsync();
        var dir = KeyValues.Last((await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata-secure"])).Pairs,
            "secure_backup_dir");
        File.WriteAllText(Ws.PathOf("runtime", "keys", "current.key"), "definitely-not-the-key\n");

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup-secure", dir]);

        Assert.That(verify.ExitCode, Is.AnyOf(1, 2), verify.ToString());
        Assert.That(Directory.GetDirectories(Ws.TempDir, "vvtv-secure-*"), Is.Empty);
    }

    [Test]
    public async Task Secure_verify_without_any_key_exits_1()
    {
        await SeedStateAsync();
        var dir = KeyValues.Last((await Ws.RunAsync("vvtv-runbook.sh", ["backup-metadata-secure"])).Pairs,
            "secure_backup_dir");
        Directory.Delete(Ws.PathOf("runtime", "keys"), recursive: true);

        var verify = await Ws.RunAsync("vvtv-runbook.sh", ["verify-backup-secure", dir]);

        Assert.That(verify.ExitCode, Is.EqualTo(1), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain("no key available"));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
