using System.Net;
using System.Text.Json;
using Sandbox.Tests.Simulator.Support;
using Simulator.Common;

namespace Sandbox.Tests.Simulator;

/// <summary>Routes, auth and formats of the simulated control API (contract §3), through the real cargo shim.</summary>
[TestFixture, Parallelizable]
public sealed class ControlApiTests
{
    private TempWorkspace _ws = null!;
    private ApiServer? _api;

    [OneTimeSetUp]
    public async Task StartApi()
    {
        _ws = new TempWorkspace();
        _api = await ApiServer.StartAsync(_ws);
    }

    [OneTimeTearDown]
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

    [Test]
    public async Task Status_has_sorted_keys_fixed_buffer_and_offset_timestamp()
    {
        using var r = await _api!.Client.GetAsync("/v1/status");
        var body = await r.Content.ReadAsStringAsync();
        Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(r.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(body, Does.Match("""^\{"buffer_minutes":60,"state":"(RUNNING|EMERGENCY)","timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?\+00:00"\}$"""));
    }

    [Test]
    public async Task Signed_reload_owner_card_is_accepted()
    {
        using var r = await _api!.Client.SendAsync(ApiServer.Signed("/v1/control/reload-owner-card"));
        Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await r.Content.ReadAsStringAsync(), Is.EqualTo("""{"action":"reload-owner-card","ok":true}"""));
    }

    [Test]
    public async Task Curator_mode_answers_its_fixed_body()
    {
        using var r = await _api!.Client.SendAsync(ApiServer.Signed("/v1/control/curator-mode"));
        Assert.That(await r.Content.ReadAsStringAsync(), Is.EqualTo("""{"mode":"automatic-with-guardrails","ok":true}"""));
    }

    // Each case builds its request when it runs, not when the cases are listed: a loaded machine may start a test
    // minutes after discovery, beyond the 300 s window a signature stamped at discovery must stay inside.
    private static IEnumerable<TestCaseData> UnauthorisedRequests()
    {
        const string path = "/v1/control/reload-owner-card";
        Func<HttpRequestMessage> With(Action<HttpRequestMessage> change) => () =>
        {
            var m = ApiServer.Signed(path);
            change(m);
            return m;
        };
        yield return new TestCaseData(With(m => m.Headers.Remove("Authorization")), "invalid token")
            .SetName("no bearer token");
        yield return new TestCaseData(With(m =>
            { m.Headers.Remove("Authorization"); m.Headers.TryAddWithoutValidation("Authorization",
                "bearer dev-token"); }), "invalid token").SetName("wrong-case scheme");
        yield return new TestCaseData(With(m =>
            { m.Headers.Remove("Authorization"); m.Headers.TryAddWithoutValidation("Authorization",
                "Bearer nope"); m.Headers.Remove("x-vvtv-ts"); }), "invalid token")
                    .SetName("token checked before headers");
        yield return new TestCaseData(With(m => m.Headers.Remove("x-vvtv-ts")), "missing signature headers")
            .SetName("no timestamp");
        yield return new TestCaseData(With(m =>
            { m.Headers.Remove("x-vvtv-signature"); m.Headers.TryAddWithoutValidation("x-vvtv-signature", ""); }),
                "missing signature headers").SetName("empty signature");
        yield return new TestCaseData(Later(() => ApiServer.Signed(path, ts: 1700000000)), "stale timestamp")
            .SetName("old timestamp");
        yield return new TestCaseData(
            Later(() => ApiServer.Signed(path, ts: DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 400)),
            "stale timestamp").SetName("future timestamp");
        yield return new TestCaseData(With(m =>
            { m.Headers.Remove("x-vvtv-ts"); m.Headers.TryAddWithoutValidation("x-vvtv-ts", "soon"); }),
                "stale timestamp").SetName("unparsable timestamp");
        yield return new TestCaseData(Later(() => ApiServer.Signed(path, secret: "other")), "invalid signature")
            .SetName("wrong secret");
        yield return new TestCaseData(With(m =>
        {
            var sig = m.Headers.GetValues("x-vvtv-signature").Single();
            m.Headers.Remove("x-vvtv-signature");
            m.Headers.TryAddWithoutValidation("x-vvtv-signature", sig.ToUpperInvariant());
        }), "invalid signature").SetName("uppercase hex");
    }

    private static Func<HttpRequestMessage> Later(Func<HttpRequestMessage> build) => build;

    [TestCaseSource(nameof(UnauthorisedRequests))]
    public async Task Control_auth_rejects_with_plain_text_reason(Func<HttpRequestMessage> build, string reason)
    {
        using (var request = build())
        using (var r = await _api!.Client.SendAsync(request))
        {
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await r.Content.ReadAsStringAsync(), Is.EqualTo(reason));
        }
    }

    [Test]
    public async Task Signature_covers_the_full_path_and_an_empty_body()
    {
        // Signed for another control path: the server signs the path it received.
        var request = ApiServer.Signed("/v1/control/emergency-mode");
        request.RequestUri = new Uri("/v1/control/reload-owner-card", UriKind.Relative);
        using var r = await _api!.Client.SendAsync(request);
        Assert.That(await r.Content.ReadAsStringAsync(), Is.EqualTo("invalid signature"));

        var withBody = ApiServer.Signed("/v1/control/reload-owner-card");
        withBody.Content = new StringContent("{\"ignored\":true}");
        using var ok = await _api!.Client.SendAsync(withBody);
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the body is not part of the canonical string");
    }

    [Test]
    public async Task Emergency_mode_toggles_and_shows_in_status()
    {
        async Task<string> Toggle()
        {
            using var r = await _api!.Client.SendAsync(ApiServer.Signed("/v1/control/emergency-mode"));
            return await r.Content.ReadAsStringAsync();
        }
        async Task<string> State() =>
            JsonDocument.Parse(await _api!.Client.GetStringAsync("/v1/status")).RootElement.GetProperty("state")
                .GetString()!;

        var before = await State();
        var first = await Toggle();
        var middle = await State();
        var second = await Toggle();
        var after = await State();
        Assert.That(new[] { first, second }, Is.EquivalentTo(new[] { """{"emergency_mode":true,"ok":true}""", """{"emergency_mode":false,"ok":true}""" }));
        Assert.That(middle, Is.Not.EqualTo(before));
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public async Task Alerts_are_empty_with_placeholder_metrics()
    {
        Assert.That(await _api!.Client.GetStringAsync("/v1/alerts"), Is.EqualTo("""{"alerts":[],"count":0}"""));
    }

    [Test]
    public async Task Metrics_serve_seven_placeholder_gauges_in_order()
    {
        using var r = await _api!.Client.GetAsync("/metrics");
        var text = await r.Content.ReadAsStringAsync();
        Assert.That(r.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/plain; charset=utf-8"));
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        Assert.That(samples, Is.EqualTo(new[]
        {
            "vvtv_buffer_minutes 60", "vvtv_plans_created 42", "vvtv_plans_committed 18", "vvtv_qa_pass_rate 0.94",
            "vvtv_fallback_rate 0.12", "vvtv_curator_actions 3", "vvtv_stream_disruptions 0",
        }));
        Assert.That(text.Split('\n').Count(l => l.StartsWith("# TYPE ") && l.EndsWith(" gauge")), Is.EqualTo(7));
        Assert.That(text.Split('\n').Count(l => l.StartsWith("# HELP vvtv_")), Is.EqualTo(7));
    }

    [TestCase("/v1/reports/daily?date=2026-11-24", "date", "2026-11-24")]
    [TestCase("/v1/reports/daily?date=2026-1-5", "date", "2026-1-5")]
    [TestCase("/v1/reports/weekly?week=2026-W48", "week", "2026-W48")]
    [TestCase("/v1/reports/weekly?week=2026-W9", "week", "2026-W9")]
    public async Task Reports_echo_the_query_and_carry_a_summary(string url, string key, string echoed)
    {
        using var r = await _api!.Client.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(body,
            Does.StartWith($"{{\"{key}\":\"{echoed}\",\"summary\":\"plans=0 assets=0 qa_failed=0 fallback_events=0 " +
                $"curator_actions=0 avg_buffer=0m domains=[] qa_pass_rate=0.00 " +
                    $"fallback_rate=0.00\",\"metrics\":{{\"buffer_minutes\":0,"));
    }

    [TestCase("/v1/reports/daily", false)]
    [TestCase("/v1/reports/weekly", false)]
    [TestCase("/v1/reports/daily?date=24-11-2026x", true)]
    [TestCase("/v1/reports/daily?date=2026-02-30", true)]
    [TestCase("/v1/reports/weekly?week=2026-48", true)]
    [TestCase("/v1/reports/weekly?week=2026-W54", true)]
    [TestCase("/v1/reports/weekly?week=2025-W53", true)]
    public async Task Bad_report_queries_get_400(string url, bool json)
    {
        using var r = await _api!.Client.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        if (json) Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Is.Not.Empty);
        else Assert.That(r.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
    }

    [Test]
    public async Task Unknown_path_is_404_with_empty_body_and_wrong_method_is_405()
    {
        using var missing = await _api!.Client.GetAsync("/v1/nope");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await missing.Content.ReadAsStringAsync(), Is.Empty);
        using var wrong = await _api!.Client.PostAsync("/v1/status", null);
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public void Api_logs_nothing_on_a_successful_start() => Assert.That(_api!.Stdout, Is.Empty);

    [TestCase("dev-secret", "POST\n/v1/control/emergency-mode\n1700000000\n",
        "1a738ed3c741c8f898087bd9bcd54306e460dcf393eb793649e5714d89ef0e9a")]
    [TestCase("dev-secret", "POST\n/v1/control/reload-owner-card\n1700000000\n",
        "43aba47ac2d0076409f4b0b8b6c52dace45164af38634c0785be2b9082292424")]
    [TestCase("s3cret",
        "POST\n/v1/ingest/daily\n1700000000\n{\"date\":\"2026-02-27\",\"summary\":\"x\",\"metrics\":{\"buffer_minutes\":20,\"plans_created\":2,\"plans_committed\":2,\"qa_pass_rate\":1.0,\"fallback_rate\":0.0,\"curator_actions\":0,\"stream_disruptions\":0}}", "4a17e877f0604055105ab597640a722c70da4ee1caed9cea0cb6d40768441707")]
    public void Appendix_A_vectors(string secret, string canonical, string signature) =>
        Assert.That(Hmac.Sign(secret, canonical), Is.EqualTo(signature));
}
