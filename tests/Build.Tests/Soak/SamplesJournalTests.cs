using System.Text;
using Build.Tests.Vvtv;
using global::Soak;
using global::Vvtv;
using static Build.Tests.Soak.SoakBodies;

namespace Build.Tests.Soak;

/// <summary>
/// samples.jsonl read from its bytes (no processes): every sample as written, lines longer than one read, and a bad
/// line anywhere refused with its file and line.
/// </summary>
public sealed class SamplesJournalTests
{
    [Test]
    public void Every_sample_reads_back_as_written_across_reads_and_a_line_longer_than_one_read()
    {
        using var dir = new ScratchDir();
        var journal = new SamplesJournal(Path.Combine(dir.Path, SamplesJournal.FileName));
        // A 200 KiB error text: one line longer than the reader's buffer, which must grow for it.
        var huge = new EndpointResponse(null, null, 10_000, "timed out " + new string('x', 200 * 1024));
        var written = Enumerable.Range(0, 3000).Select(k => (k % 1000) switch
        {
            7 => SampleJudge.Judge(k, T0.AddSeconds(k), Ok(Status), Ok(Metrics), Ok(HighAlert)),
            500 => SampleJudge.Judge(k, T0.AddSeconds(k), huge, Ok(Metrics), Ok(HighAlert)),
            _ => SampleJudge.Judge(k, T0.AddSeconds(k), Ok(Status), Ok(Metrics), Ok(Alerts)),
        } with { MetricRows = k, MetricsNewest = "2026-11-24 06:00:00", MetricsLagging = false,
            OrchestratorAlive = true }).ToList();
        foreach (var s in written) journal.Append(s);
        journal.Close();

        var read = journal.Load();

        Assert.That(read.Select(Text), Is.EqualTo(written.Select(Text)));
        Assert.That(read[1500].Status.Error, Has.Length.GreaterThan(200 * 1024));
        Assert.That(read[7].BlockingAlerts, Is.EqualTo(new[] { "QA_PASS_RATE_LOW (high)" }));
    }

    [TestCase("", "{\"k\":1,\"t\":\"2026-11-24T06:20:31.000Z\"}", "not a sample line",
        TestName = "A line missing required fields is refused")]
    [TestCase(".000Z", "Z", "not ISO-8601 UTC with milliseconds", TestName = "A time without milliseconds is refused")]
    [TestCase("\"success\"", "\"fine\"", "not a sample line", TestName = "An outcome outside the three is refused")]
    [TestCase("\"k\":1", "\"k\":\"1\"", "not a sample line", TestName = "A field of another type is refused")]
    [TestCase("\"reasons\":[]", "\"reasons\":null", "not a sample line", TestName = "A null list is refused")]
    [TestCase("\"orchestrator_alive\":null}", "\"orchestrator_alive\":null} {}", "not a sample line",
        TestName = "Anything after the sample's object is refused")]
    [TestCase("", "", "not a sample line", TestName = "An empty line is refused")]
    [TestCase("", "null", "null instead of a sample", TestName = "A null line is refused")]
    [TestCase("", "garbage", "not a sample line", TestName = "A garbled line is refused")]
    public void A_bad_line_before_the_last_is_refused_with_its_file_and_line(string find, string replace, string why)
    {
        using var dir = new ScratchDir();
        var path = Path.Combine(dir.Path, SamplesJournal.FileName);
        var good = new SamplesJournal(path);
        good.Append(Healthy(0));
        good.Append(Healthy(1));
        good.Close();
        var lines = File.ReadAllLines(path);
        var bad = find == "" ? replace : lines[1].Replace(find, replace);
        Assert.That(bad, Is.Not.EqualTo(lines[1]));
        File.WriteAllText(path, $"{lines[0]}\n{bad}\n{lines[1].Replace("\"k\":1", "\"k\":2")}\n");

        Assert.That(() => new SamplesJournal(path).Load(), Throws.InstanceOf<VvtvFormatException>()
            .With.Message.Contains($"{SamplesJournal.FileName}:2").And.Message.Contains(why));
    }

    [Test]
    public void A_line_that_is_not_utf8_is_refused()
    {
        using var dir = new ScratchDir();
        var path = Path.Combine(dir.Path, SamplesJournal.FileName);
        var journal = new SamplesJournal(path);
        journal.Append(Healthy(0));
        journal.Close();
        var bytes = File.ReadAllBytes(path);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("RUNNING", StringComparison.Ordinal);
        bytes[at] = 0xff;
        File.WriteAllBytes(path, bytes);

        Assert.That(() => journal.Load(), Throws.InstanceOf<VvtvFormatException>()
            .With.Message.Contains($"{SamplesJournal.FileName}:1: not a sample line"));
    }

    private static string Text(SoakSampleRecord s) => System.Text.Json.JsonSerializer.Serialize(s, SoakJson.Sample);

    private static SoakSampleRecord Healthy(int k) =>
        SampleJudge.Judge(k, T0.AddSeconds(k), Ok(Status), Ok(Metrics), Ok(Alerts));

    private static EndpointResponse Ok(string body) => new(200, body, 1, null);
}
