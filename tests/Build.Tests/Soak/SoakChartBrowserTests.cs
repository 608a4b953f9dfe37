using System.Text.Json;
using Build.Tests.Publishing;
using global::Soak;

namespace Build.Tests.Soak;

/// <summary>
/// soak-chart.svg laid out by a real browser (headless Chromium): titles apart, time ticks from seconds to hours, the
/// critical line on top where the buffer sits on it, errors and alerts marked, for 5 samples and for 1,440.
/// </summary>
// Serial: each Chromium page has 60 s (HeadlessChromium); beside the end-to-end builds a loaded machine could
// push a page past it.
[NonParallelizable]
public sealed class SoakChartBrowserTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 6, 20, 30, TimeSpan.Zero);
    private HeadlessChromium _chromium = null!;
    private string _dir = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _chromium = await HeadlessChromium.StartAsync();
        _dir = Directory.CreateTempSubdirectory("vvtv-soak-chart-").FullName;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _chromium.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [TestCase(5, 1, 2, 6, TestName = "Five samples a second apart: ticks every second")]
    [TestCase(1440, 60, 3, 9, TestName = "A 24-hour soak of 1,440 samples: ticks in hours")]
    public async Task Chart_is_legible(int samples, int intervalSecs, int minTicks, int maxTicks)
    {
        var layout = await LayoutAsync(samples, intervalSecs, buffer: _ => 20);

        var title = layout.GetProperty("title");
        foreach (var axis in new[] { "buffer", "latency", "time" })
            Assert.That(Overlap(title, layout.GetProperty(axis)), Is.False,
                $"the {axis} axis title overlaps the chart title");
        var ticks = layout.GetProperty("ticks").EnumerateArray().ToList();
        Assert.That(ticks, Has.Count.InRange(minTicks, maxTicks));
        for (var i = 1; i < ticks.Count; i++)
            Assert.That(Overlap(ticks[i - 1], ticks[i]), Is.False, $"time labels {i - 1} and {i} overlap");
        Assert.That(layout.GetProperty("top").GetString(), Is.EqualTo("critical"),
            "where the buffer sits on the critical level, the critical line is the one drawn on top");
        Assert.That(layout.GetProperty("errors").GetInt32(), Is.GreaterThan(0));
        Assert.That(layout.GetProperty("alerts").GetInt32(), Is.GreaterThan(0));
        Assert.That(layout.GetProperty("latency").GetProperty("w").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void Time_ticks_go_from_seconds_to_hours()
    {
        Assert.That(SoakChart.TickStep(4), Is.EqualTo(1));
        Assert.That(SoakChart.TickStep(1439 * 60), Is.EqualTo(3 * 3600));
        Assert.That(SoakChart.TickStep(30 * 60), Is.EqualTo(300));
        Assert.That(new[] { 30, 300, 5400, 7200 }.Select(SoakChart.Elapsed), Is.EqualTo(new[] { "30 s", "5 min",
            "1 h 30", "2 h" }));
    }

    private async Task<JsonElement> LayoutAsync(int n, int intervalSecs, Func<int, double> buffer)
    {
        var settings = new SoakSettings { Engine = SoakEngineKind.Native, Schedule = SoakSchedule.Create(0,
            intervalSecs, n) };
        var records = Enumerable.Range(0, n).Select(k => Sample(k, intervalSecs, buffer(k))).ToList();
        var tally = new SoakTally(settings);
        foreach (var r in records) tally.Add(r);
        var verdict = SoakVerdict.Decide(SoakPlan.Start(settings, _dir, T0), tally, [], TimeSpan.Zero, null);
        var svg = SoakChart.Render(records, verdict);
        var page = Path.Combine(_dir, $"chart-{n}.html");
        File.WriteAllText(page, $$"""
            <!doctype html><html><body style="margin:0">{{svg}}<pre id="layout"></pre><script>
            const box = s => { const r = document.querySelector(s).getBoundingClientRect(); return {x: r.x, y: r.y,
                w: r.width, h: r.height}; };
            const line = document.querySelector('line.critical').getBoundingClientRect();
            // 3 px into the 8 px dash of each 13 px period, a third of the way along.
            const hit = document.elementFromPoint(line.x + 3 + 13 * Math.floor(line.width / 39),
                line.y + line.height / 2);
            document.getElementById('layout').textContent = JSON.stringify({
              title: box('.chart-title'), buffer: box('.axis-title-buffer'), latency: box('.axis-title-latency'),
              time: box('.axis-title-time'),
              ticks: [...document.querySelectorAll('.tick-time')].map(e =>
                  { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; }),
              top: hit && hit.getAttribute('class'),
              errors: document.querySelectorAll('.mark-errors').length,
                  alerts: document.querySelectorAll('.mark-alerts').length });
            </script></body></html>
            """);
        var dom = await _chromium.RunAsync(page, "--dump-dom");
        Assert.That(dom.ExitCode, Is.EqualTo(0), dom.StandardError);
        await _chromium.RunAsync(page, "--window-size=980,460", "--screenshot=" + Path.Combine(
            Environment.GetEnvironmentVariable("SOAK_CHART_SHOTS") ?? _dir, $"soak-chart-{n}.png"));
        var json = dom.StandardOutput.Split("<pre id=\"layout\">")[1].Split("</pre>")[0];
        return JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(json)).RootElement.Clone();
    }

    // Buffer as given; every 7th sample unmeasured, every 11th with an alert, response times that vary.
    private static SoakSampleRecord Sample(int k, int intervalSecs, double buffer)
    {
        var t = T0.AddSeconds((double)k * intervalSecs);
        var metrics =
            $"vvtv_buffer_minutes {buffer}\nvvtv_plans_created 6\nvvtv_plans_committed 6\nvvtv_qa_pass_rate 1\n"
            + "vvtv_fallback_rate 0\nvvtv_curator_actions 0\nvvtv_stream_disruptions 0\n";
        var alerts = k % 11 == 3
            ? "{\"alerts\":[{\"code\":\"QA_PASS_RATE_LOW\",\"severity\":\"high\",\"message\":\"m\"}],\"count\":1}"
            : "{\"alerts\":[],\"count\":0}";
        var status = k % 7 == 2
            ? new EndpointResponse(null, null, 10000, "timed out after 10 s")
            : new EndpointResponse(200,
                "{\"buffer_minutes\":60,\"state\":\"RUNNING\",\"timestamp\":\"2026-11-24T06:20:30+00:00\"}",
                20 + k % 13 * 9, null);
        return SampleJudge.Judge(k, t, status, new EndpointResponse(200, metrics, 12, null),
            new EndpointResponse(200, alerts, 8, null));
    }

    private static bool Overlap(JsonElement a, JsonElement b)
    {
        double X(JsonElement e) => e.GetProperty("x").GetDouble();
        double Y(JsonElement e) => e.GetProperty("y").GetDouble();
        double W(JsonElement e) => e.GetProperty("w").GetDouble();
        double H(JsonElement e) => e.GetProperty("h").GetDouble();
        return X(a) < X(b) + W(b) && X(b) < X(a) + W(a) && Y(a) < Y(b) + H(b) && Y(b) < Y(a) + H(a);
    }
}
