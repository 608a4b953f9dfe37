using System.Text.RegularExpressions;

namespace Vvtv;

/// <summary>Typed readers for the key=value lines that runbook commands print on stdout.</summary>
public static partial class RunbookOutput
{
    /// <summary>backup-key-rotate: new id and key file.</summary>
    public sealed record KeyRotated(string KeyId, string KeyFile);

    /// <summary>backup-key-ensure: whether it rotated, why, and the key's age.</summary>
    public sealed record KeyEnsured(bool Rotated, string? Reason, string KeyId, long? AgeDays);

    /// <summary>backup-key-prune: how many archived keys were removed, and the retention.</summary>
    public sealed record KeyPruned(long Pruned, long RetentionDays);

    /// <summary>backup-metadata: the backup folder and its manifest path.</summary>
    public sealed record BackupCreated(string BackupDir, string Manifest);

    /// <summary>backup-metadata-secure: plain lines plus the secure folder and payload.</summary>
    public sealed record SecureBackupCreated(string BackupDir, string Manifest, string SecureBackupDir,
        string SecureBackupPayload);

    /// <summary>verify-backup(-secure): the verified folder and both hashes.</summary>
    public sealed record BackupVerified(string BackupDir, string StateDbSha256, string OwnerCardSha256);

    /// <summary>restore-metadata(-secure): the two restored targets.</summary>
    public sealed record Restored(string StateDb, string OwnerCard);

    /// <summary>Parses backup-key-rotate output.</summary>
    public static KeyRotated ParseKeyRotate(string stdout, string source)
    {
        var kv = KeyValueFile.Parse(stdout, source);
        return new KeyRotated(KeyId(kv, "backup_key_id"), kv.RequiredNonEmpty("backup_key_file"));
    }

    /// <summary>Parses backup-key-ensure output in its three shapes (missing, expired, fresh).</summary>
    public static KeyEnsured ParseKeyEnsure(string stdout, string source)
    {
        var kv = KeyValueFile.Parse(stdout, source);
        var rotated = kv.RequiredEnum("backup_key_rotated", "true", "false") == "true";
        if (!rotated)
            return new KeyEnsured(false, null, KeyId(kv, "backup_key_id"), kv.RequiredCount("backup_key_age_days"));
        kv.RequiredNonEmpty("backup_key_file");
        var reason = kv.RequiredEnum("backup_key_rotate_reason", "missing", "expired");
        long? age = reason == "expired" ? kv.RequiredCount("backup_key_age_days") : null;
        return new KeyEnsured(true, reason, KeyId(kv, "backup_key_id"), age);
    }

    /// <summary>Parses backup-key-prune output.</summary>
    public static KeyPruned ParseKeyPrune(string stdout, string source)
    {
        var kv = KeyValueFile.Parse(stdout, source);
        return new KeyPruned(kv.RequiredCount("backup_key_pruned"),
            kv.RequiredCount("backup_key_archive_retention_days"));
    }

    /// <summary>Parses backup-metadata output; the manifest must sit in the backup folder.</summary>
    public static BackupCreated ParseBackup(string stdout, string source)
    {
        var kv = KeyValueFile.Parse(stdout, source);
        var dir = kv.RequiredNonEmpty("backup_dir");
        var manifest = kv.RequiredNonEmpty("manifest");
        if (manifest != dir + "/manifest.json")
            throw new VvtvFormatException(source, kv.LineOf("manifest"),
                $"manifest '{manifest}' is not '{dir}/manifest.json'");
        return new BackupCreated(dir, manifest);
    }

    /// <summary>Parses backup-metadata-secure output.</summary>
    public static SecureBackupCreated ParseSecureBackup(string stdout, string source)
    {
        var plain = ParseBackup(stdout, source);
        var kv = KeyValueFile.Parse(stdout, source);
        var secureDir = kv.RequiredNonEmpty("secure_backup_dir");
        var payload = kv.RequiredNonEmpty("secure_backup_payload");
        if (secureDir != plain.BackupDir)
            throw new VvtvFormatException(source, kv.LineOf("secure_backup_dir"),
                $"secure_backup_dir '{secureDir}' differs from backup_dir '{plain.BackupDir}'");
        if (payload != secureDir + "/backup.tar.gz.enc")
            throw new VvtvFormatException(source, kv.LineOf("secure_backup_payload"),
                $"secure_backup_payload '{payload}' is not '{secureDir}/backup.tar.gz.enc'");
        return new SecureBackupCreated(plain.BackupDir, plain.Manifest, secureDir, payload);
    }

    /// <summary>Parses verify-backup(-secure) output.</summary>
    public static BackupVerified ParseVerify(string stdout, string source)
    {
        var kv = KeyValueFile.Parse(stdout, source);
        kv.RequiredEnum("backup_verified", "true");
        return new BackupVerified(kv.RequiredNonEmpty("backup_dir"), Sha(kv, "state_db_sha256"),
            Sha(kv, "owner_card_sha256"));
    }

    /// <summary>Parses restore-metadata(-secure) output.</summary>
    public static Restored ParseRestore(string stdout, string source)
    {
        var kv = KeyValueFile.Parse(stdout, source);
        return new Restored(kv.RequiredNonEmpty("restored_state_db"), kv.RequiredNonEmpty("restored_owner_card"));
    }

    /// <summary>True for a 64-character lowercase hex SHA-256.</summary>
    public static bool IsSha256Hex(string value) => Sha256Hex().IsMatch(value);

    private static string Sha(KeyValueFile kv, string key)
    {
        var value = kv.Required(key);
        return IsSha256Hex(value) ? value : throw new VvtvFormatException(kv.Source, kv.LineOf(key),
            $"{key} '{SoakSummary.Clip(value)}' is not 64 lowercase hex characters");
    }

    private static string KeyId(KeyValueFile kv, string key)
    {
        var value = kv.Required(key);
        return Timestamps.IsCompactUtc(value) ? value
            : throw new VvtvFormatException(kv.Source, kv.LineOf(key),
                $"{key} '{SoakSummary.Clip(value)}' is not a YYYYMMDDTHHMMSSZ key id");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
