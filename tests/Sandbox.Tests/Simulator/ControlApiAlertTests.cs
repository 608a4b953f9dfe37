using System.Text.Json;
using Sandbox.Tests.Simulator.Support;

namespace Sandbox.Tests.Simulator;

/// <summary>Alert rules (§3.4) and metrics from real samples in the db the API reads through `VVTV_STATE_DB`.</summary>
[TestFixture, Parallelizable]
public sealed class ControlApiAlertTests
{
    private TempWorkspace _ws = null!;
    private ApiServer? _api;
    private string _db = null!;

    [SetUp]
    public async Task StartApi()
    {
        _ws = new TempWorkspace();
        _db = _ws.PathOf("custom", "state.db");
        _api = await ApiServer.StartAsync(_ws, new Dictionary<string, string?>
        {
            ["VVTV_STATE_DB"] = "custom/state.db", ["VVTV_ALERT_DISCOVERY_FAIL_COUNT"] = "2",
                ["VVTV_ALERT_QA_MIN"] = "not-a-number",
        });
        await _api!.Client.GetStringAsync("/v1/alerts"); // creates the db and its tables
    }

    [TearDown]
    public async Task StopApi()
    {
        try
        {
            if (_api is not null) await _api.DisposeAsync();
        }
        finally
        {
            _ws?.Dispose();
        }
    }

    private async Task<string[]> Codes()
    {
        var root = JsonDocument.Parse(await _api!.Client.GetStringAsync("/v1/alerts")).RootElement;
        var alerts = root.GetProperty("alerts").EnumerateArray().ToList();
        Assert.That(root.GetProperty("count").GetInt32(), Is.EqualTo(alerts.Count));
        foreach (var a in alerts)
            Assert.That(a.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "code", "severity", "message" }));
        return alerts.Select(a => $"{a.GetProperty("code").GetString()}/{a.GetProperty("severity").GetString()}")
            .ToArray();
    }

    [Test]
    public async Task Each_rule_fires_in_contract_order()
    {
        var now = DateTimeOffset.UtcNow;
        StateRows.Sample(_db, now.AddMinutes(-2), 60, 1f, 0.1f);
        StateRows.Sample(_db, now.AddMinutes(-1), 19, 0.5f, 0.35f);
        StateRows.Audit(_db, now.AddHours(-1), "DISCOVERY_FAILED_DOMAIN");
        StateRows.Audit(_db, now.AddHours(-2), "X_DISCOVERY_FAILED_DOMAIN_Y");
        StateRows.Audit(_db, now.AddHours(-30), "DISCOVERY_FAILED_DOMAIN");
        Assert.That(await Codes(), Is.EqualTo(new[]
        {
            "BUFFER_CRITICAL/critical", "QA_PASS_RATE_LOW/high", "FALLBACK_RATE_HIGH/high",
                "FALLBACK_RATE_GROWING/medium", "DISCOVERY_DOMAIN_FAILURE/high",
        }));
    }

    [Test]
    public async Task Boundaries_do_not_fire()
    {
        var now = DateTimeOffset.UtcNow;
        StateRows.Sample(_db, now.AddMinutes(-2), 60, 1f, 0.1f);
        StateRows.Sample(_db, now.AddMinutes(-1), 20, 0.85f, 0.25f);
        StateRows.Audit(_db, now.AddHours(-1), "DISCOVERY_FAILED_DOMAIN");
        Assert.That(await Codes(), Is.Empty);
    }

    [Test]
    public async Task Metrics_use_the_latest_sample_with_prometheus_number_format()
    {
        StateRows.Sample(_db, DateTimeOffset.UtcNow.AddMinutes(-5), 10, 0.5f, 0.5f);
        StateRows.Sample(_db, DateTimeOffset.UtcNow, 40, 1f, 0.25f);
        var text = await _api!.Client.GetStringAsync("/metrics");
        Assert.That(text,
            Does.Contain("\nvvtv_buffer_minutes 40\n").And.Contain("\nvvtv_qa_pass_rate 1\n").And.Contain("\nvvtv_fallback_rate 0.25\n"));
    }

    [Test]
    public async Task Daily_report_averages_the_days_samples()
    {
        var day = DateTimeOffset.UtcNow.Date;
        StateRows.Sample(_db, new DateTimeOffset(day.AddHours(1), TimeSpan.Zero), 20, 1f, 0f);
        StateRows.Sample(_db, new DateTimeOffset(day.AddHours(2), TimeSpan.Zero), 45, 0.5f, 0.5f);
        var body = await _api!.Client.GetStringAsync($"/v1/reports/daily?date={day:yyyy-MM-dd}");
        var metrics = JsonDocument.Parse(body).RootElement.GetProperty("metrics");
        Assert.That(metrics.GetProperty("buffer_minutes").GetInt64(), Is.EqualTo(32));
        Assert.That(metrics.GetProperty("qa_pass_rate").GetDouble(), Is.EqualTo(0.75).Within(1e-6));
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("summary")
            .GetString(), Does.Contain("avg_buffer=32m").And.Contain("qa_pass_rate=0.75 fallback_rate=0.25"));
    }
}
