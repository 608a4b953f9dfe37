using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Vvtv;

/// <summary>
/// Checks a secure backup folder without the runbook (D-R10): the .sha256 sidecar matches the payload,
/// the payload decrypts (OpenSSL enc: "Salted__", PBKDF2-HMAC-SHA256 10 000 iterations, AES-256-CBC) with the key named
/// by
/// key_id.txt, and the tar holds a manifest whose hashes match the files beside it.
/// </summary>
public static class SecureBackupPayload
{
    /// <summary>The three files a secure backup folder holds, and nothing else.</summary>
    public static readonly string[] Files = ["backup.tar.gz.enc", "backup.tar.gz.enc.sha256", "key_id.txt"];

    /// <summary>Verifies the folder with the key file; returns the manifest inside. Throws VvtvFormatException naming
    /// the problem.</summary>
    public static BackupManifest Verify(string backupDir, string keyFile)
    {
        var payload = Path.Combine(backupDir, Files[0]);
        var sidecar = Path.Combine(backupDir, Files[1]);
        var extra = Directory.GetFiles(backupDir).Select(Path.GetFileName).Except(Files).ToList();
        if (extra.Count > 0) throw new VvtvFormatException(backupDir, null,
            $"unexpected files beside the encrypted payload: {string.Join(", ", extra)}");
        foreach (var f in Files)
            if (!File.Exists(Path.Combine(backupDir, f))) throw new VvtvFormatException(backupDir, null,
                $"{f} is missing");
        var expected = TextInput.Lines(TextInput.ReadFile(sidecar)).FirstOrDefault()?.Split(' ')[0] ?? "";
        var actual = BackupManifest.Sha256Of(payload);
        if (expected != actual) throw new VvtvFormatException(sidecar, 1,
            $"sidecar says {expected}, the payload hashes to {actual}");
        var password = TextInput.Lines(TextInput.ReadFile(keyFile)).FirstOrDefault() ?? "";
        byte[] tarGz;
        try { tarGz = Decrypt(File.ReadAllBytes(payload), password); }
        catch (CryptographicException e) { throw new VvtvFormatException(payload, null,
            $"does not decrypt with {Path.GetFileName(keyFile)}: {e.Message}", e); }
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var gz = new GZipStream(new MemoryStream(tarGz), CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var ms = new MemoryStream();
                entry.DataStream.CopyTo(ms);
                files[entry.Name.TrimStart('.', '/')] = ms.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new VvtvFormatException(payload, null, $"decrypted payload is not a gzip tar: {e.Message}", e);
        }
        if (!files.TryGetValue("manifest.json", out var manifestBytes)) throw new VvtvFormatException(payload, null,
            "the archive has no manifest.json");
        var manifest = BackupManifest.Parse(Encoding.UTF8.GetString(manifestBytes), $"{payload}!manifest.json");
        foreach (var (name, sha) in new[] { (manifest.StateDbFile, manifest.StateDbSha256),
            (manifest.OwnerCardFile, manifest.OwnerCardSha256) })
        {
            if (!files.TryGetValue(name, out var bytes)) throw new VvtvFormatException(payload, null,
                $"the archive has no {name}");
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (hash != sha) throw new VvtvFormatException(payload, null,
                $"{name} in the archive hashes to {hash}, the manifest says {sha}");
        }
        return manifest;
    }

    private static byte[] Decrypt(byte[] data, string password)
    {
        if (data.Length < 16 || Encoding.ASCII.GetString(data, 0,
            8) != "Salted__") throw new CryptographicException("no 'Salted__' header");
        var salt = data.AsSpan(8, 8).ToArray();
        var keyIv = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, 10_000, HashAlgorithmName.SHA256,
            48);
        using var aes = Aes.Create();
        aes.Key = keyIv[..32];
        return aes.DecryptCbc(data.AsSpan(16), keyIv[32..], PaddingMode.PKCS7);
    }
}
