using System.Globalization;
using System.Security.Cryptography;
using Checklist;
using Engine;
using Vvtv;

/// <summary>
/// Checklist section "Operational readiness": each runbook command once (or as often as its proof needs), then the
/// build's own re-check of what it claims: the export file, the key files, the backup checksums and secure payload,
/// the restored files, the API state.
/// </summary>
sealed class RunbookGate(GateRun gate, bool maintenanceWindow) : IGate
{
    private const string NoWindow = "restores overwrite the live state db: run with --maintenance-window (not run)";
    private const string NoWindowPrune =
        "pruning deletes keys from the live key archive: run with --maintenance-window (not run)";

    public async Task CheckItemsAsync()
    {
        var firstKey = await GiveKeyToRotateAsync();
        await ForceNightlyAsync();
        await ExportAuditsAsync();
        await BackupKeyRotateAsync(firstKey);
        await BackupKeyEnsureAsync();
        await BackupKeyPruneAsync();
        var plain = await BackupMetadataAsync();
        var secure = await BackupMetadataSecureAsync(plain);
        await VerifyBackupAsync(plain);
        await VerifyBackupSecureAsync(secure);
        await RestoreMetadataAsync(plain);
        await RestoreMetadataSecureAsync(secure);
        await EmergencyOnOffAsync();
    }

    /// <summary>A backup the build re-checked: its folder and its manifest's hashes.</summary>
    private sealed record Backup(string Dir, BackupManifest Manifest);

    private AbsolutePath Workspace => gate.Run.Workspace;
    private AbsolutePath KeyDir => AbsolutePath.Create(Resolve(gate.Run.Variable("VVTV_BACKUP_KEY_DIR")
        ?? "runtime/keys"));
    private AbsolutePath KeyFile => AbsolutePath.Create(Resolve(gate.Run.Variable("VVTV_BACKUP_KEY_FILE")
        ?? KeyDir / "current.key"));
    private AbsolutePath KeyIdFile => AbsolutePath.Create(Resolve(gate.Run.Variable("VVTV_BACKUP_KEY_ID_FILE")
        ?? KeyDir / "current.key.id"));

    private Task ForceNightlyAsync() =>
        gate.ProveAsync("runbook.force-nightly", async p =>
        {
            var step = await RunbookAsync("force-nightly");
            p.RequireSuccess(step);
            var events = OrchestratorLog.Events(step.Process.StdOut);
            p.Require(events.Contains("nightly-job-complete"),
                $"exit 0 but no nightly-job-complete event (events: " +
                    $"{string.Join(", ", events.DefaultIfEmpty("none"))})");
            return "force-nightly exited 0 and the orchestrator logged nightly-job-complete";
        });

    // D-R13: the printed path is the newest export by mtime; it must be today's UTC export written by this call.
    private Task ExportAuditsAsync() =>
        gate.ProveAsync("runbook.export-audits", async p =>
        {
            var started = DateTime.UtcNow;
            var step = await RunbookAsync("export-audits");
            p.RequireSuccess(step);
            var printed = step.Process.StdOut.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
            var expected = new[] { started, DateTime.UtcNow }.Select(d =>
                (string)(Workspace / "runtime" / "exports" / $"audit-{UtcTime.Format(d, UtcTime.DayFormat)}.json"))
                .Distinct().ToList();
            p.Require(expected.Contains(printed),
                $"printed '{printed}', expected {string.Join(" or ", expected)} (today's UTC export)");
            p.Require(File.GetLastWriteTimeUtc(printed) >= started.AddSeconds(-2),
                $"{printed} was not written by this call (mtime {File.GetLastWriteTimeUtc(printed):O})");
            p.Add(gate.Copy(printed));
            var entries = AuditExport.CountEntries(printed);
            p.Require(entries > 0,
                $"{printed} is an empty array; the nightly it ran writes at least its own audit event");
            return $"printed {Path.GetFileName(printed)}, today's UTC export, written by this call: a JSON array of " +
                $"{entries} audit events";
        });

    /// <summary>
    /// Rotation archives only an existing key: gives it one when the workspace has none (that rotation's step, else
    /// null). Run before the nightly, so that the second the first key id takes has passed by the time the rotation
    /// proper runs.
    /// </summary>
    private async Task<StepResult?> GiveKeyToRotateAsync()
    {
        if (KeyFile.FileExists() && KeyIdFile.FileExists() || KeyWithoutId) return null;
        var first = await RunbookAsync("backup-key-rotate", logName: "runbook-backup-key-rotate-first");
        RegisterKeys();
        return first;
    }

    private Task BackupKeyRotateAsync(StepResult? firstKey) =>
        gate.ProveAsync("runbook.backup-key-rotate", async p =>
        {
            if (firstKey is not null) p.RequireSuccess(firstKey);
            if (!KeyFile.FileExists() || !KeyIdFile.FileExists())
            {
                p.RequireSuccess(await RunbookAsync("backup-key-rotate", logName: "runbook-backup-key-rotate-first"));
                RegisterKeys();
            }
            var oldId = FirstLine(KeyIdFile);
            // Key ids have one-second resolution: a rotation in the id's own second would reuse it.
            await PastSecondAsync(oldId);
            var oldKey = File.ReadAllBytes(KeyFile);
            var step = await RunbookAsync("backup-key-rotate");
            p.RequireSuccess(step);
            RegisterKeys();
            var rotated = RunbookOutput.ParseKeyRotate(step.Process.Output, step.Log);
            p.Require(rotated.KeyId != oldId, $"the key id stayed {oldId}");
            p.Require(FirstLine(KeyIdFile) == rotated.KeyId,
                $"{KeyIdFile} holds '{FirstLine(KeyIdFile)}', not the printed id {rotated.KeyId}");
            p.Require(Resolve(rotated.KeyFile) == KeyFile.Value,
                $"backup_key_file '{rotated.KeyFile}' is not {KeyFile}");
            var key = FirstLine(KeyFile);
            p.Require(key.Length == 64 && IsBase64(key), "the new key is not one line of 64 base64 characters");
            p.Require(!File.ReadAllBytes(KeyFile).SequenceEqual(oldKey), "the key content did not change");
            var archived = KeyDir / "archive" / $"{oldId}.key";
            p.Require(archived.FileExists(), $"the old key {oldId} was not archived to {archived}");
            p.Require(File.ReadAllBytes(archived).SequenceEqual(oldKey),
                $"{archived} differs from the key it should have archived");
            p.Add(gate.Write("backup-key-rotate-check.txt",
                $"old_key_id={oldId}\nnew_key_id={rotated.KeyId}\narchived={archived}\n" +
                "archived_matches_old_key=true\nnew_key_differs=true\n"));
            return $"rotated {oldId} → {rotated.KeyId}; the old key is archived byte for byte as archive/{oldId}.key";
        });

    // Enforcement is shown both ways: a fresh key is kept under the configured age, and a max age of 0 days forces a
    // rotation.
    private Task BackupKeyEnsureAsync() =>
        gate.ProveAsync("runbook.backup-key-ensure", async p =>
        {
            var maxAge = int.TryParse(gate.Run.Variable("VVTV_BACKUP_KEY_MAX_AGE_DAYS"), CultureInfo.InvariantCulture,
                out var m) ? m : 30;
            var fresh = await RunbookAsync("backup-key-ensure");
            p.RequireSuccess(fresh);
            var kept = RunbookOutput.ParseKeyEnsure(fresh.Process.Output, fresh.Log);
            p.Require(!kept.Rotated && kept.AgeDays < maxAge,
                $"a key {kept.AgeDays} days old was rotated={kept.Rotated} under max age {maxAge}");
            // The forced rotation's new id must not be the kept key's second (the runbook would sleep a whole second
            // for it).
            await PastSecondAsync(FirstLine(KeyIdFile));
            var expired = await RunbookAsync("backup-key-ensure", env: new() { ["VVTV_BACKUP_KEY_MAX_AGE_DAYS"] = "0" },
                logName: "runbook-backup-key-ensure-max-age-0");
            p.RequireSuccess(expired);
            RegisterKeys();
            var forced = RunbookOutput.ParseKeyEnsure(expired.Process.Output, expired.Log);
            p.Require(forced.Rotated && forced.Reason == "expired",
                $"with max age 0 the key was not rotated as expired (rotated={forced.Rotated}, " +
                    $"reason={forced.Reason})");
            p.Require(FirstLine(KeyIdFile) == forced.KeyId, $"{KeyIdFile} does not hold the new id {forced.KeyId}");
            return $"kept key {kept.KeyId} ({kept.AgeDays} d < {maxAge} d); with max age 0 rotated it as expired to " +
                $"{forced.KeyId}";
        });

    // A probe file aged past the retention must go, and the keys archived by this run must stay.
    private Task BackupKeyPruneAsync() =>
        ProveInWindowAsync("runbook.backup-key-prune", NoWindowPrune, async p =>
        {
            var retention = int.TryParse(gate.Run.Variable("VVTV_BACKUP_KEY_ARCHIVE_RETENTION_DAYS"),
                CultureInfo.InvariantCulture, out var r) ? r : 180;
            var archive = (KeyDir / "archive").CreateDirectory();
            var probe = archive / $"prune-probe-{gate.Run.Evidence.RunId}.key";
            File.WriteAllText(probe, "not a key: placed by the release build to prove pruning\n");
            File.SetLastWriteTimeUtc(probe, DateTime.UtcNow.AddDays(-(retention + 2)));
            var recent = Directory.GetFiles(archive, "*.key").Where(f => f != probe.Value).ToList();
            var step = await RunbookAsync("backup-key-prune");
            p.RequireSuccess(step);
            var pruned = RunbookOutput.ParseKeyPrune(step.Process.Output, step.Log);
            p.Require(!probe.FileExists(),
                $"{probe.Name}, {retention + 2} days old, survived a retention of {retention} days");
            p.Require(pruned.Pruned >= 1, $"backup_key_pruned={pruned.Pruned}, expected at least the probe");
            var lost = recent.Where(f => !File.Exists(f)).ToList();
            p.Require(lost.Count == 0,
                $"recent archived keys were pruned: {string.Join(", ", lost.Select(Path.GetFileName))}");
            return $"pruned {pruned.Pruned} archived key(s) older than {retention} days (including the aged probe) " +
                $"and kept the {recent.Count} recent one(s)";
        });

    // The backup it created and re-checked, or null when the item failed.
    private async Task<Backup?> BackupMetadataAsync()
    {
        Backup? created = null;
        await gate.ProveAsync("runbook.backup-metadata", async p =>
        {
            var step = await RunbookAsync("backup-metadata");
            p.RequireSuccess(step);
            var backup = RunbookOutput.ParseBackup(step.Process.Output, step.Log);
            var dir = WorkspacePath.ResolveInside(Workspace, backup.BackupDir, step.Log, null, "backup_dir");
            p.Require(Path.GetFullPath(Path.Combine(dir,
                "..")) == Path.GetFullPath(Resolve(gate.Run.Variable("VVTV_BACKUP_DIR") ?? "runtime/backups")),
                $"backup_dir {backup.BackupDir} is not directly under the backup root");
            p.Require(Timestamps.IsCompactUtc(Path.GetFileName(dir)),
                $"backup folder name '{Path.GetFileName(dir)}' is not a YYYYMMDDTHHMMSSZ timestamp");
            var manifestPath = Path.Combine(dir, "manifest.json");
            p.Require(File.Exists(manifestPath), $"{manifestPath} does not exist");
            p.Add(gate.Copy(manifestPath, "backup/manifest.json"));
            var manifest = BackupManifest.Load(manifestPath);
            var problems = manifest.Verify(dir);
            p.Require(problems.Count == 0, $"the build's own checksum check failed: {string.Join("; ", problems)}");
            created = new Backup(dir, manifest);
            return $"created {backup.BackupDir}/manifest.json; the build re-hashed state.db and owner_card.yaml " +
                $"and both match";
        });
        return created;
    }

    // The secure backup it created and decrypted, or null when the item failed.
    private async Task<Backup?> BackupMetadataSecureAsync(Backup? plain)
    {
        Backup? created = null;
        await gate.ProveAsync("runbook.backup-metadata-secure", async p =>
        {
            // A secure backup in the same second as the plain one would share and empty its folder (D-R12).
            await PastSecondAsync(plain is null ? UtcSecond() : Path.GetFileName(plain.Dir));
            var step = await RunbookAsync("backup-metadata-secure");
            p.RequireSuccess(step);
            RegisterKeys();
            var secure = RunbookOutput.ParseSecureBackup(step.Process.Output, step.Log);
            var dir = WorkspacePath.ResolveInside(Workspace, secure.SecureBackupDir, step.Log, null,
                "secure_backup_dir");
            p.Require(plain is null || dir != plain.Dir,
                $"the secure backup reused the plain backup's folder {dir} and deleted its files (D-R12)");
            foreach (var f in SecureBackupPayload.Files.Skip(1)) p.Add(gate.Copy(Path.Combine(dir, f),
                $"secure-backup/{f}"));
            var manifest = SecureBackupPayload.Verify(dir, KeyFor(dir));
            created = new Backup(dir, manifest);
            return $"created {secure.SecureBackupPayload}; the build checked the .sha256 sidecar, decrypted it with " +
                $"key {FirstLine(AbsolutePath.Create(dir) / "key_id.txt")} and matched the manifest's hashes";
        });
        return created;
    }

    private Task VerifyBackupAsync(Backup? plain) =>
        VerifyAsync("runbook.verify-backup", "verify-backup", plain, "the build re-computed itself");

    private Task VerifyBackupSecureAsync(Backup? secure) =>
        VerifyAsync("runbook.verify-backup-secure", "verify-backup-secure", secure, "the build decrypted itself");

    private Task RestoreMetadataAsync(Backup? plain) =>
        RestoreAsync("runbook.restore-metadata", "restore-metadata", plain);

    private Task RestoreMetadataSecureAsync(Backup? secure) =>
        RestoreAsync("runbook.restore-metadata-secure", "restore-metadata-secure", secure);

    // D-P7: curl's exit code says nothing; the API's state after each call does.
    private Task EmergencyOnOffAsync() =>
        gate.ProveAsync("runbook.emergency-on-off", async p =>
        {
            await using var api = await gate.StartApiAsync("emergency-control-api");
            p.Add(gate.EvidencePath("emergency-control-api.log"));
            try
            {
                gate.Run.EmergencyLeftOn = true;
                var on = await RunbookAsync("emergency-on");
                p.RequireSuccess(on);
                var afterOn = await api.Client.GetAsync("/v1/status", gate.Ct);
                p.Add(gate.Write("status-after-emergency-on.json", afterOn.Body));
                RequireNoAuthFailure(on);
                p.Require(ApiStatus.Parse(afterOn.Body, "GET /v1/status after emergency-on").State == "EMERGENCY",
                    $"after emergency-on the state is not EMERGENCY: {afterOn.Body}");
                var off = await RunbookAsync("emergency-off");
                p.RequireSuccess(off);
                var afterOff = await api.Client.GetAsync("/v1/status", gate.Ct);
                p.Add(gate.Write("status-after-emergency-off.json", afterOff.Body));
                RequireNoAuthFailure(off);
                p.Require(ApiStatus.Parse(afterOff.Body, "GET /v1/status after emergency-off").State == "RUNNING",
                    $"after emergency-off the state is not RUNNING: {afterOff.Body}");
                gate.Run.EmergencyLeftOn = false;
                return "emergency-on and emergency-off exited 0, and /v1/status read EMERGENCY then RUNNING";
            }
            finally
            {
                if (gate.Run.EmergencyLeftOn) await gate.Run.CleanupAsync(CancellationToken.None);
            }
        });

    private Task VerifyAsync(string id, string command, Backup? backup, string how) =>
        gate.ProveAsync(id, async p =>
        {
            p.Require(backup is not null, $"no backup to verify: the backup item before {id} did not pass");
            var step = await RunbookAsync(command, backup!.Dir);
            p.RequireSuccess(step);
            var verified = RunbookOutput.ParseVerify(step.Process.Output, step.Log);
            p.Require(verified.StateDbSha256 == backup.Manifest.StateDbSha256
                && verified.OwnerCardSha256 == backup.Manifest.OwnerCardSha256,
                $"the hashes {command} printed differ from the manifest {how}");
            return $"{command} exited 0 with backup_verified=true and the hashes of the manifest {how}";
        });

    private Task RestoreAsync(string id, string command, Backup? backup) =>
        ProveInWindowAsync(id, NoWindow, async p =>
        {
            p.Require(backup is not null, $"no verified backup to restore: the backup item before {id} did not pass");
            var step = await RunbookAsync(command, backup!.Dir);
            p.RequireSuccess(step);
            var restored = RunbookOutput.ParseRestore(step.Process.Output, step.Log);
            var db = WorkspacePath.ResolveInside(Workspace, restored.StateDb, step.Log, null, "restored_state_db");
            var card = WorkspacePath.ResolveInside(Workspace, restored.OwnerCard, step.Log, null,
                "restored_owner_card");
            p.Require(BackupManifest.Sha256Of(db) == backup.Manifest.StateDbSha256,
                $"the live state db {restored.StateDb} does not hash to the backup's state.db");
            p.Require(BackupManifest.Sha256Of(card) == backup.Manifest.OwnerCardSha256,
                $"the live owner card {restored.OwnerCard} does not hash to the backup's owner_card.yaml");
            return $"{command} exited 0; the live {restored.StateDb} and {restored.OwnerCard} now hash to the " +
                $"backup's manifest";
        });

    // Outside a maintenance window the item changes nothing live: it is not run, and says why.
    private Task ProveInWindowAsync(string id, string outside, Func<Proof, Task<string>> proof)
    {
        if (maintenanceWindow) return gate.ProveAsync(id, proof);
        gate.Skip(id, outside);
        return Task.CompletedTask;
    }

    private void RequireNoAuthFailure(StepResult step)
    {
        var body = step.Process.Output;
        if (body.Contains("invalid signature") || body.Contains("invalid token")
            || body.Contains("missing signature headers") || body.Contains("stale timestamp"))
        {
            gate.NoGo(NoGoCause.Auth, $"the runbook's signed {step.Name} call got 401: {body.Trim()}");
            throw new ItemFailedException($"{step.Name}: the signed call was refused: {body.Trim()}");
        }
    }

    // Every runbook command that changes the live workspace is listed in the decision with what it changed, whatever
    // its exit code: a failed command may have changed it too.
    private async Task<StepResult> RunbookAsync(string command, string? argument = null,
        Dictionary<string, string?>? env = null, string? logName = null)
    {
        if (command is "backup-key-rotate" or "backup-key-ensure" or "backup-metadata-secure" && KeyWithoutId)
            throw new ItemFailedException($"{KeyFile} has no id file {KeyIdFile}: {command} would replace that key " +
                "without archiving it (D-R7); not run: give the key its id file, or archive it, first");
        var keyBefore = CurrentKeyId();
        var archiveBefore = ArchivedKeys();
        var name = logName ?? $"runbook-{command}";
        StepResult step;
        IReadOnlyList<string> leftovers;
        // D-R9: a failed secure step leaves decrypted plaintext in $TMPDIR; each step gets its own, removed after it.
        using (var tmp = PrivateTempDir.Create(gate.Run.RunDirectory / "private-tmp" / name))
        {
            var stepEnv = new Dictionary<string, string?>(env ?? []) { ["TMPDIR"] = tmp.Path };
            try
            {
                step = await gate.StepAsync(name,
                    gate.Run.Script("vvtv-runbook.sh", argument is null ? [command] : [command, argument], stepEnv),
                    gate.Timeouts.RunbookStep);
            }
            finally
            {
                leftovers = tmp.Leftovers();
            }
        }
        if (leftovers.Count > 0)
            gate.NoGo(NoGoCause.Other, $"{name} left {string.Join(", ", leftovers)} in its private TMPDIR, " +
                "decrypted backup data a failed secure step does not clean up (D-R9); the build removed it");
        if (LiveChange(command, argument, keyBefore, archiveBefore) is { } changed)
            gate.Changed(step.Name,
                $"{changed} (exit {step.Process.ExitCode}{(step.Process.TimedOut ? ", timed out" : "")})");
        return step;
    }

    private string? LiveChange(string command, string? argument, string? keyBefore, IReadOnlyList<string> archiveBefore)
    {
        var keyAfter = CurrentKeyId();
        return command switch
        {
            // D-R11: the secure backup runs key-ensure with its output discarded, so its rotation shows only here.
            "backup-key-rotate" or "backup-key-ensure" or "backup-metadata-secure" when keyAfter != keyBefore =>
                $"replaced the live backup key {keyBefore ?? "(none)"} with {keyAfter ?? "(none)"} in {KeyDir}" +
                (keyBefore is null ? "" : $", archiving the old one as archive/{keyBefore}.key"),
            "backup-key-prune" when archiveBefore.Except(ArchivedKeys()).ToList() is { Count: > 0 } gone =>
                $"deleted {gone.Count} archived key(s) from {KeyDir / "archive"}: {string.Join(", ", gone)}",
            "restore-metadata" or "restore-metadata-secure" =>
                $"overwrote the live state db and owner card with the backup {argument}",
            "emergency-on" => "switched the live system into emergency mode",
            "emergency-off" => "switched the live system out of emergency mode",
            "force-nightly" => "ran the nightly job out of schedule (audit export, reports, cloud sync)",
            _ => null,
        };
    }

    // D-R7: VVTV's rotation archives the old key only when its id file exists; a key without one would be lost.
    private bool KeyWithoutId => KeyFile.FileExists() && !KeyIdFile.FileExists();

    private string? CurrentKeyId() => KeyIdFile.FileExists() ? FirstLine(KeyIdFile) : null;

    private List<string> ArchivedKeys() => (KeyDir / "archive").DirectoryExists()
        ? Directory.GetFiles(KeyDir / "archive", "*.key").Select(Path.GetFileName).OfType<string>().Order().ToList()
        : [];

    // D-R6: the key named by key_id.txt decrypts the payload; current.key only when that is the current id.
    private string KeyFor(string secureDir)
    {
        var id = FirstLine(AbsolutePath.Create(secureDir) / "key_id.txt");
        if (KeyIdFile.FileExists() && FirstLine(KeyIdFile) == id) return KeyFile;
        var archived = KeyDir / "archive" / $"{id}.key";
        return archived.FileExists() ? archived
            : throw new ItemFailedException($"no key file for key id '{id}' of {secureDir}");
    }

    // Key material never reaches logs or evidence.
    private void RegisterKeys()
    {
        if (!KeyDir.DirectoryExists()) return;
        foreach (var file in Directory.GetFiles(KeyDir, "*.key", SearchOption.AllDirectories))
        {
            var key = FirstLine(AbsolutePath.Create(file));
            SecretMasker.Global.Register(key);
            gate.Run.Evidence.AddSecrets(key);
        }
    }

    // Backup folders and key ids are named by their UTC second (YYYYMMDDTHHMMSSZ, which sorts as text).
    private static string UtcSecond() => DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Waits until the UTC clock is past the second that <paramref name="compactUtc"/> names: at once when it already
    /// is or the value is no such name, and never longer than that second lasts (a name from a clock ahead of ours is
    /// not waited for).
    /// </summary>
    private async Task PastSecondAsync(string compactUtc)
    {
        if (!Timestamps.IsCompactUtc(compactUtc)) return;
        var longest = DateTime.UtcNow.AddSeconds(1.05);
        while (string.CompareOrdinal(UtcSecond(), compactUtc) <= 0 && DateTime.UtcNow < longest)
            await Task.Delay(20, gate.Ct);
    }

    private string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Workspace / path);

    private static string FirstLine(AbsolutePath file) => File.ReadLines(file).FirstOrDefault()?.TrimEnd('\r') ?? "";

    private static bool IsBase64(string s)
    {
        Span<byte> buffer = stackalloc byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out _);
    }
}
