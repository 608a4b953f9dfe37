using System.Security.Cryptography;
using System.Text.Json;

namespace Vvtv;

/// <summary>A backup manifest.json: six typed fields, schema_version 1, plain file names.</summary>
public sealed record BackupManifest(
    long SchemaVersion,
    string CreatedAt,
    string StateDbFile,
    string StateDbSha256,
    string OwnerCardFile,
    string OwnerCardSha256)
{
    /// <summary>Loads and validates a manifest file.</summary>
    public static BackupManifest Load(string path) => Parse(TextInput.ReadFile(path), path);

    /// <summary>Validates manifest JSON text.</summary>
    public static BackupManifest Parse(string json, string source)
    {
        var root = StrictJson.ParseObject(json, source);
        var version = StrictJson.Int(root, "schema_version", source);
        if (version != 1)
            throw new VvtvFormatException(source, null, $"unsupported schema_version {version}, expected 1");
        var created = StrictJson.String(root, "created_at", source);
        if (!Timestamps.TryParseRfc3339(created, out _))
            throw new VvtvFormatException(source, null,
                $"created_at '{SoakSummary.Clip(created)}' is not an RFC 3339 timestamp");
        return new BackupManifest(version, created,
            FileName(root, "state_db_file", source), Hash(root, "state_db_sha256", source),
            FileName(root, "owner_card_file", source), Hash(root, "owner_card_sha256", source));
    }

    /// <summary>Hashes the named files in <paramref name="backupDir"/> and lists every problem (missing file,
    /// mismatch); empty means verified.</summary>
    public IReadOnlyList<string> Verify(string backupDir)
    {
        var problems = new List<string>();
        Check(StateDbFile, StateDbSha256);
        Check(OwnerCardFile, OwnerCardSha256);
        return problems;

        void Check(string name, string expected)
        {
            var path = Path.Combine(backupDir, name);
            if (!File.Exists(path))
            {
                problems.Add($"{name}: missing in {backupDir}");
                return;
            }
            var actual = Sha256Of(path);
            if (actual != expected)
                problems.Add($"{name}: sha256 {actual} does not match manifest {expected}");
        }
    }

    /// <summary>Lowercase hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string FileName(JsonElement root, string name, string source)
    {
        var value = StrictJson.String(root, name, source);
        return WorkspacePath.IsPlainFileName(value)
            ? value
            : throw new VvtvFormatException(source, null,
                $"{name} '{SoakSummary.Clip(value)}' is not a plain file name (no separators or '..')");
    }

    private static string Hash(JsonElement root, string name, string source)
    {
        var value = StrictJson.String(root, name, source);
        return RunbookOutput.IsSha256Hex(value)
            ? value
            : throw new VvtvFormatException(source, null,
                $"{name} '{SoakSummary.Clip(value)}' is not 64 lowercase hex characters");
    }
}
