using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Simulator.Common;
using Simulator.State;

namespace Simulator.Admin;

/// <summary>The admin tool of §4: `backup`, `verify`, `restore`.</summary>
public static class AdminTool
{
    private const string DefaultDb = "runtime/state/vvtv.db";
    private const string DefaultCard = "config/owner_card.sample.yaml";
    private const string DefaultOut = "runtime/backups";

    private const string Usage = """
        vvtv-admin (sandbox simulator)

        Usage:
          vvtv-admin backup  [--state-db PATH] [--owner-card PATH] [--output-dir DIR]
          vvtv-admin verify  --backup-dir DIR
          vvtv-admin restore --backup-dir DIR [--state-db PATH] [--owner-card PATH] [--force]
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var rest = args[1..];
        switch (args[0])
        {
            case "backup": Backup(AdminArgs.Parse("backup", rest, ["--state-db", "--owner-card", "--output-dir"],
                [])); return 0;
            case "verify": Verify(AdminArgs.Parse("verify", rest, ["--backup-dir"], [])); return 0;
            case "restore": Restore(AdminArgs.Parse("restore", rest, ["--backup-dir", "--state-db", "--owner-card"],
                ["--force"])); return 0;
            default:
                Console.WriteLine(Usage);
                throw new CliException($"unknown command: {args[0]}");
        }
    }

    private static void Backup(AdminArgs a)
    {
        var db = a.Get("--state-db", DefaultDb);
        var card = a.Get("--owner-card", DefaultCard);
        var outDir = a.Get("--output-dir", DefaultOut);
        if (!File.Exists(db)) throw new CliException($"state db not found: {db}");
        if (!File.Exists(card)) throw new CliException($"owner card not found: {card}");

        var faults = Faults.FromEnvironment();
        // D-R12: the folder is named to the second; a fixed clock makes two backups share one, as a fast host does.
        var now = faults.Number("backup-clock") is { } second
            ? DateTimeOffset.FromUnixTimeSeconds(second)
            : DateTimeOffset.UtcNow;
        var dir = Path.Combine(outDir, Timestamps.Compact(now));
        Directory.CreateDirectory(dir);
        var stateCopy = Path.Combine(dir, "state.db");
        // VACUUM INTO refuses an existing target; a reused folder gets its files overwritten.
        File.Delete(stateCopy);
        try
        {
            using var conn = StateDb.Open(db);
            StateDb.Execute(conn, "VACUUM INTO $target", ("$target", Path.GetFullPath(stateCopy)));
        }
        catch (SqliteException e)
        {
            throw new CliException($"sqlite VACUUM INTO failed: {e.Message}");
        }
        File.Copy(card, Path.Combine(dir, "owner_card.yaml"), overwrite: true);

        var stateSha = Sha256(stateCopy);
        if (faults.Has("backup-corrupt"))
            stateSha = (stateSha[0] == '0' ? "1" : "0") + stateSha[1..];
        var manifest = new Manifest(1, Timestamps.Rfc3339Offset(now), "state.db", stateSha,
            "owner_card.yaml", Sha256(Path.Combine(dir, "owner_card.yaml")));
        var manifestPath = Path.Combine(dir, "manifest.json");
        File.WriteAllText(manifestPath, manifest.ToJson());
        Console.WriteLine($"backup_dir={dir}");
        Console.WriteLine($"manifest={manifestPath}");
    }

    private static void Verify(AdminArgs a)
    {
        var dir = a.Get("--backup-dir") ?? throw new CliException("--backup-dir is required");
        var m = Check(dir);
        Console.WriteLine("backup_verified=true");
        Console.WriteLine($"backup_dir={dir}");
        Console.WriteLine($"state_db_sha256={m.StateDbSha256}");
        Console.WriteLine($"owner_card_sha256={m.OwnerCardSha256}");
    }

    private static void Restore(AdminArgs a)
    {
        var dir = a.Get("--backup-dir") ?? throw new CliException("--backup-dir is required");
        var db = a.Get("--state-db", DefaultDb);
        var card = a.Get("--owner-card", DefaultCard);
        var m = Check(dir);
        if (!a.Has("--force"))
        {
            if (File.Exists(db)) throw new CliException($"target state db exists (use --force): {db}");
            if (File.Exists(card)) throw new CliException($"target owner card exists (use --force): {card}");
        }
        Replace(Path.Combine(dir, m.StateDbFile), db);
        Replace(Path.Combine(dir, m.OwnerCardFile), card);
        Console.WriteLine($"restored_state_db={db}");
        Console.WriteLine($"restored_owner_card={card}");
    }

    /// <summary>The five verify checks of §4, in order; returns the manifest when all pass.</summary>
    private static Manifest Check(string dir)
    {
        var manifestPath = Path.Combine(dir, "manifest.json");
        string text;
        try { text = File.ReadAllText(manifestPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"failed reading {manifestPath}\n\nCaused by:\n    {e.Message}");
        }
        var m = Manifest.Parse(text);
        if (m.SchemaVersion != 1) throw new CliException($"unsupported manifest schema_version={m.SchemaVersion}");
        var state = Path.Combine(dir, m.StateDbFile);
        var card = Path.Combine(dir, m.OwnerCardFile);
        if (!File.Exists(state) || !File.Exists(card)) throw new CliException($"backup files missing in {dir}");
        if (Sha256(state) != m.StateDbSha256) throw new CliException($"state db checksum mismatch in {dir}");
        if (Sha256(card) != m.OwnerCardSha256) throw new CliException($"owner card checksum mismatch in {dir}");
        return m;
    }

    private static void Replace(string source, string target)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(target));
        if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);
        var temp = Path.ChangeExtension(target, "tmp.restore");
        File.Copy(source, temp, overwrite: true);
        File.Move(temp, target, overwrite: true);
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
