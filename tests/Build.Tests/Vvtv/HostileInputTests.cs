using Vvtv;

namespace Build.Tests.Vvtv;

/// <summary>Every file parser meets empty, non-UTF-8, oversized and truncated input and answers only with a
/// VvtvFormatException naming the file.</summary>
public sealed class HostileInputTests
{
    private static readonly Dictionary<string, Action<string>> Parsers = new()
    {
        ["phase-summary"] = p => PhaseSummary.Load(p, 1),
        ["soak-summary"] = p => SoakSummary.Load(p),
        ["canary-result"] = p => CanaryResult.Load(p, Path.GetDirectoryName(p)),
        ["promotion-record"] = p => PromotionRecord.Load(p),
        ["manifest"] = p => BackupManifest.Load(p),
        ["status-json"] = p => ApiStatus.Parse(TextInput.ReadFile(p), p),
        ["alerts-json"] = p => ApiAlerts.Parse(TextInput.ReadFile(p), p),
        ["metrics"] = p => PrometheusText.Parse(TextInput.ReadFile(p), p).VvtvValues(p),
        ["status-samples"] = p => SoakSamples.LoadStatus(p),
        ["metrics-samples"] = p => SoakSamples.LoadMetrics(p),
        ["audit-export"] = p => AuditExport.CountEntries(p),
    };

    private static readonly Dictionary<string, string> Good = new()
    {
        ["phase-summary"] = VvtvSamples.Phase1Summary,
        ["soak-summary"] = VvtvSamples.SoakSummary,
        ["canary-result"] = VvtvSamples.CanaryResult,
        ["promotion-record"] = VvtvSamples.PromotionRecord,
        ["manifest"] = VvtvSamples.Manifest(),
        ["status-json"] = VvtvSamples.Status,
        ["alerts-json"] = VvtvSamples.Alerts,
        ["metrics"] = VvtvSamples.Metrics,
        ["status-samples"] = $"2026-11-24T06:20:30Z | status={VvtvSamples.Status}\n",
        ["metrics-samples"] = "# --- 2026-11-24T06:20:30Z ---\n" + VvtvSamples.Metrics,
        ["audit-export"] = "[{\"a\":1}]",
    };

    public static IEnumerable<string> Names => Parsers.Keys;

    [TestCaseSource(nameof(Names))]
    public void Good_input_parses(string name)
    {
        using var dir = new ScratchDir();
        Assert.DoesNotThrow(() => Parsers[name](dir.Write("in", Good[name])));
    }

    [TestCaseSource(nameof(Names))]
    public void Empty_file(string name) => Expect(name, []);

    [TestCaseSource(nameof(Names))]
    public void Non_utf8_bytes(string name) => Expect(name,
        [.. System.Text.Encoding.UTF8.GetBytes(Good[name][..Math.Min(5, Good[name].Length)]), 0xFF, 0xFE, (byte)'\n']);

    [TestCaseSource(nameof(Names))]
    public void Oversized(string name) => Expect(name, new byte[TextInput.DefaultMaxBytes + 1]);

    [TestCaseSource(nameof(Names))]
    public void Truncated(string name)
    {
        // Cut in the middle of the content: every format must notice something is missing.
        var text = Good[name];
        Expect(name, System.Text.Encoding.UTF8.GetBytes(text[..(text.Length * 2 / 3)]),
            allowSuccess: name is "metrics-samples" or "status-samples");
    }

    [TestCaseSource(nameof(Names))]
    public void Binary_noise(string name)
    {
        var random = new Random(42);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        Expect(name, bytes);
    }

    private static void Expect(string name, byte[] bytes, bool allowSuccess = false)
    {
        using var dir = new ScratchDir();
        var path = dir.WriteBytes("input.file", bytes);
        try
        {
            Parsers[name](path);
            if (!allowSuccess) Assert.Fail($"{name} accepted bad input");
        }
        catch (VvtvFormatException e)
        {
            Assert.That(e.Message, Does.StartWith(path));
        }
    }
}
