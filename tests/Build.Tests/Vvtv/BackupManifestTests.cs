using System.Security.Cryptography;
using System.Text;
using Vvtv;

namespace Build.Tests.Vvtv;

public sealed class BackupManifestTests
{
    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Test]
    public void Verifier_hashes_the_files_itself_and_reports_mismatches()
    {
        using var dir = new ScratchDir();
        dir.Write("state.db", "db bytes");
        dir.Write("owner_card.yaml", "card: 1\n");
        var path = dir.Write("manifest.json", VvtvSamples.Manifest(Sha("db bytes"), Sha("card: 1\n")));
        var manifest = BackupManifest.Load(path);
        Assert.That(manifest.Verify(dir.Path), Is.Empty);

        dir.Write("state.db", "tampered");
        File.Delete(Path.Combine(dir.Path, "owner_card.yaml"));
        var problems = manifest.Verify(dir.Path);
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems[0], Does.Contain("state.db").And.Contain("does not match"));
        Assert.That(problems[1], Does.Contain("owner_card.yaml").And.Contain("missing"));
    }

    [TestCase("\"schema_version\": 1", "\"schema_version\": 2", "schema_version")]
    [TestCase("\"schema_version\": 1", "\"schema_version\": \"1\"", "schema_version")]
    [TestCase("\"state_db_file\": \"state.db\"", "\"state_db_file\": \"../state.db\"", "plain file name")]
    [TestCase("\"state_db_file\": \"state.db\"", "\"state_db_file\": \"/etc/passwd\"", "plain file name")]
    [TestCase("\"state_db_file\": \"state.db\"", "\"state_db_file\": \"..\"", "plain file name")]
    [TestCase("\"owner_card_file\": \"owner_card.yaml\",", "", "owner_card_file")]
    [TestCase("\"created_at\": \"2026-11-24T06:20:31.512004117+00:00\"", "\"created_at\": \"yesterday\"", "created_at")]
    [TestCase("\"schema_version\": 1,", "\"schema_version\": 1", "malformed JSON")]
    public void Manifest_defects_are_named(string from, string to, string expected)
    {
        using var dir = new ScratchDir();
        var path = dir.Write("manifest.json", VvtvSamples.Manifest().Replace(from, to));
        var e = Assert.Throws<VvtvFormatException>(() => BackupManifest.Load(path))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain(expected));
    }

    [Test]
    public void Uppercase_hash_is_refused()
    {
        var e = Assert.Throws<VvtvFormatException>(() =>
            BackupManifest.Parse(VvtvSamples.Manifest(VvtvSamples.Sha.ToUpperInvariant()), "m.json"))!;
        Assert.That(e.Message, Does.Contain("state_db_sha256"));
    }
}
