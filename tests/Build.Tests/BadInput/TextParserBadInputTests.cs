using System.Text;
using Build.Tests.Vvtv;
using Vvtv;

namespace Build.Tests.BadInput;

/// <summary>
/// The parsers that read text the build captured (runbook stdout, API bodies, alert samples) meet empty, truncated,
/// oversized, non-UTF-8 and hostile text, and answer only with a VvtvFormatException naming the source.
/// The file parsers meet the same in <see cref="HostileInputTests"/>.
/// </summary>
public sealed class TextParserBadInputTests
{
    private const string Source = "bad-input.txt";
    private static readonly string Sha = VvtvSamples.Sha;

    private static readonly Dictionary<string, (Action<string> Parse, string Good)> Parsers = new()
    {
        ["runbook backup-key-rotate"] = (t => RunbookOutput.ParseKeyRotate(t, Source),
            "backup_key_id=20261124T062030Z\nbackup_key_file=runtime/keys/current.key\n"),
        ["runbook backup-key-ensure"] = (t => RunbookOutput.ParseKeyEnsure(t, Source),
            "backup_key_rotated=false\nbackup_key_id=20261124T062030Z\nbackup_key_age_days=3\n"),
        ["runbook backup-key-prune"] = (t => RunbookOutput.ParseKeyPrune(t, Source),
            "backup_key_pruned=2\nbackup_key_archive_retention_days=180\n"),
        ["runbook backup-metadata"] = (t => RunbookOutput.ParseBackup(t, Source),
            "backup_dir=runtime/backups/20261124T062031Z\nmanifest=runtime/backups/20261124T062031Z/manifest.json\n"),
        ["runbook backup-metadata-secure"] = (t => RunbookOutput.ParseSecureBackup(t, Source),
            "backup_dir=b/1\nmanifest=b/1/manifest.json\nsecure_backup_dir=b/1\nsecure_backup_payload=b/1/backup.tar.gz.enc\n"),
        ["runbook verify-backup"] = (t => RunbookOutput.ParseVerify(t, Source),
            $"backup_verified=true\nbackup_dir=b/1\nstate_db_sha256={Sha}\nowner_card_sha256={Sha}\n"),
        ["runbook restore-metadata"] = (t => RunbookOutput.ParseRestore(t, Source),
            "restored_state_db=runtime/state/vvtv.db\nrestored_owner_card=config/owner_card.sample.yaml\n"),
        ["api daily report"] = (t => ApiReport.ParseDaily(t, Source), """{"date":"2026-02-27","summary":"nightly","metrics":{"buffer_minutes":20,"plans_created":2,"plans_committed":2,"qa_pass_rate":1.0,"fallback_rate":0.0,"curator_actions":0,"stream_disruptions":0}}"""),
        ["api weekly report"] = (t => ApiReport.ParseWeekly(t, Source), """{"week":"2026-W48","summary":"weekly","metrics":{"buffer_minutes":20,"plans_created":2,"plans_committed":2,"qa_pass_rate":1.0,"fallback_rate":0.0,"curator_actions":0,"stream_disruptions":0}}"""),
        ["api emergency toggle"] = (t => ControlResponses.ParseEmergencyToggle(t, Source), """{"emergency_mode":true,"ok":true}"""),
        ["api reload owner card"] = (t => ControlResponses.ParseReloadOwnerCard(t, Source), """{"action":"reload-owner-card","ok":true}"""),
        ["api status"] = (t => ApiStatus.Parse(t, Source), VvtvSamples.Status),
        ["api alerts"] = (t => ApiAlerts.Parse(t, Source), VvtvSamples.Alerts),
        // As the soak evaluation reads them: sample lines, then each body as an alerts response.
        ["alerts samples"] = (t => { foreach (var sample in SoakSamples.ParseLines(t, Source,
            "alerts")) ApiAlerts.Parse(sample.Body, Source); },
                $"2026-11-24T06:20:30Z | alerts={VvtvSamples.Alerts}\n"),
        ["prometheus metrics"] = (t => PrometheusText.Parse(t, Source).VvtvValues(Source), VvtvSamples.Metrics),
    };

    public static IEnumerable<string> Names => Parsers.Keys;

    [TestCaseSource(nameof(Names))]
    public void Good_text_parses(string name) => Assert.DoesNotThrow(() => Parsers[name].Parse(Parsers[name].Good));

    [TestCaseSource(nameof(Names))]
    public void Missing_text(string name) => Refused(name, "");

    [TestCaseSource(nameof(Names))]
    public void Only_whitespace(string name) => Refused(name, " \n\t\n");

    [TestCaseSource(nameof(Names))]
    public void Truncated_to_its_first_half(string name)
    {
        // A process killed mid-write: the text stops half way, inside a line for JSON, after a line for key=value.
        var good = Parsers[name].Good;
        var keyValueLines = good.Count(c => c == '\n') > 1 && !good.StartsWith('#');
        var cut = keyValueLines ? good[..(good.IndexOf('\n') + 1)] : good[..(good.Length / 2)];
        Refused(name, cut);
    }

    [TestCaseSource(nameof(Names))]
    public void Oversized(string name) => Refused(name, Parsers[name].Good + new string('x',
        TextInput.DefaultMaxBytes));

    [TestCaseSource(nameof(Names))]
    public void Non_utf8_bytes(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(Parsers[name].Good).Concat(new byte[] { 0xC3, 0x28, 0xFF, (byte)'\n' })
            .ToArray();
        var e = Assert.Throws<VvtvFormatException>(() => Parsers[name].Parse(TextInput.Decode(bytes, Source)));
        Assert.That(e!.Message, Does.StartWith(Source).And.Contain("not valid UTF-8"));
    }

    [TestCaseSource(nameof(Names))]
    public void Binary_noise(string name)
    {
        var bytes = new byte[4096];
        new Random(8).NextBytes(bytes);
        Refused(name, Encoding.Latin1.GetString(bytes));
    }

    [TestCaseSource(nameof(Names))]
    public void One_huge_line(string name) => Refused(name, new string('=', 3 * 1024 * 1024));

    [TestCaseSource(nameof(Names))]
    public void Nul_and_control_characters_after_every_separator(string name) =>
        Refused(name, string.Concat(Parsers[name].Good.Select(c => c is '=' or ':' or ' ' ? c + "\0\u0007"
            : c.ToString())));

    [TestCase("api status"), TestCase("api alerts"), TestCase("api daily report")]
    public void Deeply_nested_json(string name) => Refused(name, new string('[', 10_000) + new string(']', 10_000));

    [TestCase("runbook verify-backup", "state_db_sha256=", "state_db_sha256=\uFFFD")]
    [TestCase("runbook backup-key-rotate", "backup_key_id=20261124T062030Z", "backup_key_id=2026112\uFFFDT062030Z")]
    [TestCase("runbook backup-key-prune", "backup_key_pruned=2", "backup_key_pruned=\uFFFD")]
    public void Replacement_characters_from_lenient_decoding_in_checked_fields(string name, string from, string to)
    {
        // Process output is decoded leniently; bytes that were not UTF-8 arrive as U+FFFD and must still fail the
        // field's check.
        var text = Parsers[name].Good;
        Refused(name, text.Contains(to) ? text : text.Replace(from, to).Replace(to + Sha, to));
    }

    private static void Refused(string name, string text)
    {
        try
        {
            Parsers[name].Parse(text);
            Assert.Fail($"{name} accepted bad input");
        }
        catch (VvtvFormatException e)
        {
            Assert.That(e.Message, Does.StartWith(Source), "the error names where the text came from");
        }
        catch (Exception e) when (e is not AssertionException)
        {
            Assert.Fail($"{name} threw {e.GetType().Name} instead of a VvtvFormatException: {e.Message}");
        }
    }
}
