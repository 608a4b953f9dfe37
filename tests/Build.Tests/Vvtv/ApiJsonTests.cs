using Vvtv;

namespace Build.Tests.Vvtv;

public sealed class ApiJsonTests
{
    [Test]
    public void Status_parses()
    {
        var s = ApiStatus.Parse(VvtvSamples.Status, "status.json");
        Assert.That((s.BufferMinutes, s.State, s.Timestamp.Year), Is.EqualTo((60L, "RUNNING", 2026)));
    }

    [TestCase("\"RUNNING\"", "\"running\"", "state")]
    [TestCase("60", "60.5", "buffer_minutes")]
    [TestCase("+00:00", "", "timestamp")]
    [TestCase("\"buffer_minutes\":60,", "", "buffer_minutes")]
    [TestCase("}", "", "malformed JSON")]
    public void Status_defects_are_named(string from, string to, string expected)
    {
        var e = Assert.Throws<VvtvFormatException>(() =>
            ApiStatus.Parse(VvtvSamples.Status.Replace(from, to), "status.json"))!;
        Assert.That(e.Message, Does.StartWith("status.json").And.Contain(expected));
    }

    [Test]
    public void Alerts_parse_and_blocking_ones_are_found()
    {
        Assert.That(ApiAlerts.Parse(VvtvSamples.Alerts, "alerts.json").Blocking, Is.Empty);
        var blocking = ApiAlerts.Parse(VvtvSamples.Alerts.Replace("medium", "critical"), "alerts.json").Blocking;
        Assert.That(blocking.Single().Code, Is.EqualTo("FALLBACK_RATE_GROWING"));
        // Spaced JSON defeats promote's regex (D-PR1) but not a parser.
        Assert.That(ApiAlerts.Parse("{ \"alerts\" : [ { \"code\" : \"X\", \"severity\" : \"high\", \"message\" : " +
            "\"m\" } ], \"count\" : 1 }", "a").Blocking, Has.Count.EqualTo(1));
    }

    [TestCase("\"count\":1", "\"count\":2", "count is 2")]
    [TestCase("medium", "severe", "severity")]
    [TestCase("\"code\":\"FALLBACK_RATE_GROWING\",", "", "code")]
    [TestCase("[{", "[1,{", "alerts[0]")]
    public void Alerts_defects_are_named(string from, string to, string expected)
    {
        var e = Assert.Throws<VvtvFormatException>(() =>
            ApiAlerts.Parse(VvtvSamples.Alerts.Replace(from, to), "alerts.json"))!;
        Assert.That(e.Message, Does.StartWith("alerts.json").And.Contain(expected));
    }

    [Test]
    public void Html_error_page_is_not_an_empty_alert_list()
    {
        var e = Assert.Throws<VvtvFormatException>(() => ApiAlerts.Parse("<html>500</html>", "GET /v1/alerts"))!;
        Assert.That(e.Message, Does.Contain("malformed JSON"));
    }

    [Test]
    public void Reports_and_control_responses_parse()
    {
        var daily = ApiReport.ParseDaily("""{"date":"2026-02-27","summary":"nightly export_count=1","metrics":{"buffer_minutes":20,"plans_created":2,"plans_committed":2,"qa_pass_rate":1.0,"fallback_rate":0.0,"curator_actions":0,"stream_disruptions":0}}""", "daily");
        Assert.That((daily.Key, daily.Metrics.PlansCreated), Is.EqualTo(("2026-02-27", 2L)));
        Assert.Throws<VvtvFormatException>(() => ApiReport.ParseWeekly("""{"date":"x","summary":"s","metrics":{}}""", "weekly"));
        Assert.That(ControlResponses.ParseEmergencyToggle("""{"emergency_mode":true,"ok":true}""", "toggle"), Is.True);
        Assert.DoesNotThrow(() => ControlResponses.ParseReloadOwnerCard("""{"action":"reload-owner-card","ok":true}""", "reload"));
        Assert.Throws<VvtvFormatException>(() => ControlResponses.ParseReloadOwnerCard("invalid signature", "reload"));
    }

    [Test]
    public void Audit_export_must_be_an_array()
    {
        using var dir = new ScratchDir();
        Assert.That(AuditExport.CountEntries(dir.Write("a.json", """[{"ts":"x"},{"ts":"y"}]""")), Is.EqualTo(2));
        Assert.That(Assert.Throws<VvtvFormatException>(() =>
            AuditExport.CountEntries(dir.Write("b.json", "{}")))!.Message, Does.Contain("expected an array"));
        Assert.Throws<VvtvFormatException>(() => AuditExport.CountEntries(dir.Write("c.json", "[{")));
    }
}
