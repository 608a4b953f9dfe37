using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Build.Tests.Publishing;
using Build.Tests.Release;
using Checklist;
using CliWrap;
using CliWrap.Buffered;
using Publishing;

namespace Build.Tests.EvidenceImport;

/// <summary>
/// Adoption through --evidence-from with run folders made by the real EvidenceStore (a 24 h soak is too slow to make
/// for real): a fresh pass is adopted, and evidence of another commit, with a modified file, or older than the maximum
/// age is refused with its cause.
/// </summary>
public sealed class EvidenceAdmissionTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private string _dir = "";
    private string Artifacts => Path.Combine(_dir, "artifacts");
    private string Import => Path.Combine(_dir, "downloaded");

    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("vvtv-evidence-import-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    private EvidenceStore ThisRun() => EvidenceStore.Create(Artifacts, _dir, Commit);

    private EvidenceStore Earlier(string commit = Commit, TimeSpan? ago = null) =>
        EvidenceRuns.Finished(Import, commit, DateTimeOffset.UtcNow - (ago ?? TimeSpan.FromHours(2)));

    [Test]
    public void A_fresh_pass_is_adopted_instead_of_run_and_the_decision_uses_it()
    {
        var earlier = Earlier();
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, Import, Artifacts, Week);

        Assert.That(sources.AdoptsPass("Soak"), Is.True);
        Assert.That(sources.AdoptsPass("Test"), Is.True);
        sources.AdoptSkipped(new HashSet<string>());
        store.Record(GateSections.LiveAlertItem, ItemStatus.Pass, "no blocking alert", "Release",
            store.WriteText("Release", "alerts.json", "[]\n"));
        var decision = GoNoGo.Decide(store.Records, store.Findings, DateTimeOffset.UtcNow);

        Assert.That(decision.Go, Is.True, string.Join("\n", decision.Reasons));
        var soak = store.Records.Single(r => r.Id == "soak.verdict");
        Assert.That(soak.Reason, Does.StartWith($"adopted from run {earlier.RunId}"));
        Assert.That(sources.Sourced(decision)
            .Single(i => i.Id == "soak.verdict").Run!.RunId, Is.EqualTo(earlier.RunId));
        Assert.That(File.Exists(Path.Combine(store.RunDir, "evidence", "adopted", earlier.RunId, "evidence", "Soak",
            "verdict.txt")));
    }

    [Test]
    public void Every_finished_run_lists_its_files_in_SHA256SUMS_that_sha256sum_accepts()
    {
        var run = Earlier();
        var sums = File.ReadAllText(Path.Combine(run.RunDir, EvidenceChecksums.FileName));
        Assert.That(sums,
            Does.Contain("  decision.json\n").And.Contain("  run.json\n").And.Contain("  evidence/Soak/verdict.txt\n"));
        var check = Cli.Wrap("sha256sum").WithArguments(["-c", "--strict", "--quiet", EvidenceChecksums.FileName])
            .WithWorkingDirectory(run.RunDir)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();
        Assert.That(check.ExitCode, Is.EqualTo(0), check.StandardOutput + check.StandardError);
        Assert.That(EvidenceChecksums.Problem(run.RunDir), Is.Null);
    }

    [Test]
    public void Evidence_of_another_commit_is_refused_naming_the_run_and_its_decision()
    {
        var foreign = Earlier(commit: "fedcba9876543210fedcba9876543210fedcba98");
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, foreign.RunDir, Artifacts, Week);

        Assert.That(sources.AdoptsPass("Soak"), Is.False, "the gate runs");
        var reason = Skipped(store, sources, "soak.verdict");
        Assert.That(reason, Does.Contain($"run {foreign.RunId} is evidence of another VVTV commit")
            .And.Contain(Path.Combine(foreign.RunDir, "decision.json")).And.Contain(Commit));
    }

    [Test]
    public void A_modified_evidence_file_is_refused_naming_the_file()
    {
        var earlier = Earlier();
        var summary = Path.Combine(earlier.RunDir, "evidence", "Soak", "verdict.txt");
        File.WriteAllText(summary, "soak.verdict: measured Pass (really)\n");
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, Import, Artifacts, Week);

        Assert.That(sources.AdoptsPass("Soak"), Is.False);
        var reason = Skipped(store, sources, "soak.verdict");
        Assert.That(reason,
            Does.Contain($"run {earlier.RunId} was tampered with: {summary} was modified after the run finished"));
        Assert.That(store.Records.Where(r => r.Reason.StartsWith("adopted")), Is.Empty,
            "no section of a tampered run is adopted");
    }

    [Test]
    public void A_file_added_to_a_finished_run_or_a_missing_SHA256SUMS_is_refused()
    {
        var earlier = Earlier();
        File.WriteAllText(Path.Combine(earlier.RunDir, "evidence", "Soak", "extra.txt"), "later\n");
        Assert.That(EvidenceChecksums.Problem(earlier.RunDir),
            Is.EqualTo("evidence/Soak/extra.txt was added after the run finished (it is not in SHA256SUMS)"));
        File.Delete(Path.Combine(earlier.RunDir, EvidenceChecksums.FileName));
        Assert.That(EvidenceChecksums.Problem(earlier.RunDir), Does.StartWith("SHA256SUMS is missing"));
    }

    [Test]
    public void Evidence_older_than_the_maximum_age_is_refused_by_its_recorded_times()
    {
        var earlier = Earlier();
        Age(earlier.RunDir, TimeSpan.FromDays(8));
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, earlier.RunDir, Artifacts, Week);

        Assert.That(sources.AdoptsPass("Soak"), Is.False);
        var reason = Skipped(store, sources, "soak.verdict");
        Assert.That(reason,
            Does.Contain(
                $"run {earlier.RunId} is too old: {Path.Combine(earlier.RunDir, "decision.json")} recorded soak.")
            .And.Contain("older than the maximum evidence age of 7d (--max-evidence-age)"));

        // A longer allowance admits the age, and the edit of the recorded times is then seen for what it is.
        var lenient = ThisRun();
        Assert.That(Skipped(lenient, EvidenceSources.Import(lenient, earlier.RunDir, Artifacts, TimeSpan.FromDays(30)),
            "soak.verdict"),
            Does.Contain("decision.json was modified after the run finished"));
    }

    [Test]
    public void Scanning_artifacts_runs_refuses_the_newest_run_and_never_falls_back_to_an_older_one()
    {
        EvidenceRuns.Finished(Artifacts, Commit, DateTimeOffset.UtcNow.AddHours(-3));
        var newest = EvidenceRuns.Finished(Artifacts, Commit, DateTimeOffset.UtcNow.AddHours(-1));
        File.AppendAllText(Path.Combine(newest.RunDir, "evidence", "Test", "cargo-test.txt"), "edited\n");
        var store = ThisRun();
        EvidenceSources.Scan(store, Artifacts, Week).AdoptSkipped(new HashSet<string>());

        var record = store.Records.Single(r => r.Id == "build.cargo-test");
        Assert.That(record.Status, Is.EqualTo(ItemStatus.Skipped));
        Assert.That(record.Reason,
            Does.Contain($"run {newest.RunId} was tampered with").And.Contain(
                "evidence/Test/cargo-test.txt was modified"));
    }

    [TestCase("20261124T090000Z-abcdef", "there is no run 20261124T090000Z-abcdef in")]
    [TestCase(" ", "is empty")]
    [TestCase("/no/such/evidence", "is neither a folder nor the id of a run")]
    public void An_evidence_source_that_does_not_exist_is_named(string from, string problem)
    {
        var e = Assert.Throws<Engine.TargetFailedException>(() => EvidenceSources.Import(ThisRun(), from, Artifacts,
            Week));
        Assert.That(e!.Message, Does.Contain($"--evidence-from {from.Trim()}").And.Contain(problem));
    }

    [Test]
    public void A_folder_without_finished_runs_is_named()
    {
        Directory.CreateDirectory(Import);
        var e = Assert.Throws<Engine.TargetFailedException>(() => EvidenceSources.Import(ThisRun(), Import, Artifacts,
            Week));
        Assert.That(e!.Message, Does.Contain("holds no finished run"));
    }

    // A run whose Cloudflare gate did not run: NO-GO, the Cloudflare items Skipped with no evidence.
    private EvidenceStore NoGoRun(SshTestKey? key = null) => EvidenceRuns.Finished(Import, Commit,
        DateTimeOffset.UtcNow.AddHours(-2), more: s =>
    {
        foreach (var id in ChecklistItems.All.Where(i => i.Id.StartsWith("cloudflare.", StringComparison.Ordinal))
            .Select(i => i.Id))
            s.Record(id, ItemStatus.Skipped, "not run in this build", "CloudflareVerify");
        if (key is not null) s.SignWith(SshSigner.From(key.PrivateKey));
    });

    // What a forger does: edit decision.json by hand, then recompute SHA256SUMS (as sha256sum would) so the sums match.
    private static void Forge(string runDir, Action<JsonObject> edit)
    {
        var path = Path.Combine(runDir, DecisionFile.JsonName);
        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(doc);
        File.WriteAllText(path, doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(runDir, "SHA256SUMS"), string.Concat(Directory
            .EnumerateFiles(runDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(runDir, f)).Where(f => f is not ("SHA256SUMS" or "SHA256SUMS.sig"))
                .Order(StringComparer.Ordinal)
            .Select(f => $"{Sha256File.Compute(Path.Combine(runDir, f))}  {f}\n")));
    }

    private static void TrustMe(JsonObject doc)
    {
        foreach (var item in doc["items"]!.AsArray().Select(i => i!.AsObject())
            .Where(i => (string?)i["status"] == "Skipped" && !(bool)i["optional"]!))
        {
            item["status"] = "Pass";
            item["reason"] = "all good, trust me";
        }
        doc["decision"] = "GO";
        doc["reasons"] = new JsonArray();
    }

    private static JsonObject Item(JsonObject doc, string id) =>
        doc["items"]!.AsArray().Select(i => i!.AsObject()).Single(i => (string?)i["id"] == id);

    private static string? Admission(EvidenceStore run, AllowedSigners? signers = null) =>
        EvidenceAdmission.Refusal(run.RunDir, Commit, DateTimeOffset.UtcNow, Week, signers);

    [Test]
    public void A_hand_edited_NO_GO_run_with_recomputed_checksums_is_refused_and_the_gate_runs_instead()
    {
        var forged = NoGoRun();
        Forge(forged.RunDir, TrustMe);
        Assert.That(EvidenceChecksums.Problem(forged.RunDir), Is.Null, "the checksums were recomputed");

        Assert.That(Admission(forged), Does.StartWith($"run {forged.RunId} was not written by this build: ")
            .And.Contain(Path.Combine(forged.RunDir,
                "decision.json")).And.Contain("cloudflare.d1-migration is Pass but names no evidence file")
            .And.Contain("all good, trust me"));
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, forged.RunDir, Artifacts, Week);
        Assert.That(sources.AdoptsPass("CloudflareVerify"), Is.False, "CloudflareVerify runs instead of being adopted");
        Assert.That(Skipped(store, sources, "cloudflare.latest-reports"),
            Does.Contain("was not written by this build"));
    }

    [Test]
    public void With_allowed_signers_a_signed_run_is_adopted_and_a_forged_or_unsigned_one_is_refused_by_its_signature()
    {
        using var key = new SshTestKey();
        var signers = AllowedSigners.Load(key.AllowedSigners);
        var genuine = EvidenceRuns.Finished(Import, Commit, DateTimeOffset.UtcNow.AddHours(-3),
            more: s => s.SignWith(SshSigner.From(key.PrivateKey)));
        Assert.That(Admission(genuine, signers), Is.Null);
        Assert.That(SshTestKey.UserVerify(key.AllowedSigners, Path.Combine(genuine.RunDir, "SHA256SUMS")).ExitCode,
            Is.EqualTo(0));
        Assert.That(File.ReadAllText(Path.Combine(genuine.RunDir, "decision.md")),
            Does.Contain("- Signature: SHA256SUMS.sig by 256 SHA256:"));

        var forged = NoGoRun(key);
        Forge(forged.RunDir, TrustMe);
        Assert.That(Admission(forged, signers),
            Does.StartWith($"run {forged.RunId} is not signed by an allowed signer ({key.AllowedSigners})")
            .And.Contain("SHA256SUMS.sig does not match SHA256SUMS"));

        var unsigned = EvidenceRuns.Finished(Import, Commit, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.That(File.ReadAllText(Path.Combine(unsigned.RunDir, "decision.md")),
            Does.Contain("- Signature: unsigned"));
        Assert.That(Admission(unsigned, signers),
            Does.Contain($"{unsigned.RunDir}/SHA256SUMS.sig is missing: the run or release is unsigned"));
        Assert.That(Admission(unsigned), Is.Null,
            "with no signer configured an unsigned run is admitted on its records");
    }

    [Test]
    public void A_modified_or_missing_evidence_file_an_unknown_item_or_a_Waived_item_is_refused_with_its_reason()
    {
        var modified = Earlier();
        File.AppendAllText(Path.Combine(modified.RunDir, "evidence", "Soak", "verdict.txt"), "edited\n");
        Assert.That(Admission(modified), Is.EqualTo(
            $"run {modified.RunId} was tampered with: {modified.RunDir}/evidence/Soak/verdict.txt was modified after " +
            $"the run finished " +
            "(its SHA-256 differs from SHA256SUMS)"));

        var missing = Earlier(ago: TimeSpan.FromHours(3));
        File.Delete(Path.Combine(missing.RunDir, "evidence", "Soak", "verdict.txt"));
        Forge(missing.RunDir, _ => { });
        Assert.That(Admission(missing),
            Does.Contain("soak.verdict is Pass with evidence 'evidence/Soak/verdict.txt', which is missing"));

        var unknown = Earlier(ago: TimeSpan.FromHours(4));
        Forge(unknown.RunDir, doc => Item(doc, "soak.verdict")["id"] = "soak.trust-me");
        Assert.That(Admission(unknown),
            Does.StartWith($"run {unknown.RunId} is unreadable: ").And.Contain(
                "id 'soak.trust-me' is not a checklist item"));

        var waived = Earlier(ago: TimeSpan.FromHours(5));
        Forge(waived.RunDir, doc => Item(doc, "soak.verdict")["status"] = "Waived");
        Assert.That(Admission(waived), Does.Contain("status 'Waived' is not accepted: this build has no waivers"));

        var resectioned = Earlier(ago: TimeSpan.FromHours(6));
        Forge(resectioned.RunDir, doc => Item(doc, "soak.verdict")["section"] = "Canary gate");
        Assert.That(Admission(resectioned), Does.Contain("soak.verdict does not carry its checklist section"));
    }

    // What the Release target does for a section nobody ran here: adopt, or record it Skipped with the refusal.
    private static string Skipped(EvidenceStore store, EvidenceSources sources, string id)
    {
        sources.AdoptSkipped(new HashSet<string>());
        var record = store.Records.Single(r => r.Id == id);
        Assert.That(record.Status, Is.EqualTo(ItemStatus.Skipped), record.Reason);
        return record.Reason;
    }

    // Moves every recorded time of the run back; nothing is re-signed.
    internal static void Age(string runDir, TimeSpan by)
    {
        var path = Path.Combine(runDir, DecisionFile.JsonName);
        var text = Regex.Replace(File.ReadAllText(path), "\"(started_at|finished_at|at)\": \"([^\"]+)\"", m =>
        {
            var at = DateTimeOffset.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            return $"\"{m.Groups[1].Value}\": \"{DecisionFile.FormatTime(at - by)}\"";
        });
        File.WriteAllText(path, text);
    }
}
