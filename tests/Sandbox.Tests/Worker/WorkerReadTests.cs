using System.Net;
using System.Text.Json;

namespace Sandbox.Tests.Worker;

/// <summary>
/// The Worker on a freshly migrated, empty D1 and with no CONTROL_TOKEN configured: read routes,
/// errors, and the refusal of ingest when the token secret is missing.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class WorkerReadTests
{
    private const string Secret = "read-secret";
    private LocalWorker _worker = null!;

    [OneTimeSetUp]
    public async Task StartWorker() =>
        _worker = await LocalWorker.StartAsync(new Dictionary<string, string> { ["CONTROL_SECRET"] = Secret });

    [OneTimeTearDown]
    public async Task StopWorker()
    {
        if (_worker is null) return;
        var port = _worker.Port;
        await _worker.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(LocalWorker.NothingListensOn(port), Is.True, $"something still listens on 127.0.0.1:{port}");
            Assert.That(_worker.ProcessGroupIsAlive(), Is.False, "a wrangler/workerd process outlived the fixture");
        });
    }

    [Test]
    public async Task Migration_is_recorded_and_creates_the_three_tables()
    {
        var migrations = await _worker.QueryD1Async("SELECT name FROM d1_migrations");
        var tables = await _worker.QueryD1Async("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");

        Assert.That(migrations.Select(r => r["name"].GetString()), Is.EqualTo(new[] { "0001_init.sql" }));
        Assert.That(tables.Select(r => r["name"].GetString()),
            Is.SupersetOf(new[] { "daily_reports", "status_snapshots", "weekly_reports" }));
    }

    [Test]
    public void Pinned_workerd_runs_the_configured_compatibility_date()
    {
        // An older workerd warns and falls back (or refuses) when wrangler.toml's date is newer than it knows (D-W5).
        Assert.That(_worker.Output, Does.Contain($"Ready on http://127.0.0.1:{_worker.Port}"));
        Assert.That(_worker.Output, Does.Not.Contain("compatibility date").IgnoreCase);
    }

    [TestCase("/v1/status")]
    [TestCase("/vvtv/v1/status")]
    public async Task Status_before_any_ingest_is_the_default_payload(string path)
    {
        using var response = await _worker.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(JsonNodeText(await response.Content.ReadAsStringAsync()),
            Is.EqualTo("""{"state":"RUNNING","buffer_minutes":60,"source":"default"}"""));
    }

    [TestCase("/")]
    [TestCase("/vvtv")]
    [TestCase("/vvtv/")]
    public async Task Player_page_is_html_cacheable_for_two_minutes(string path)
    {
        using var response = await _worker.Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(response.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(html, Does.Contain("http://127.0.0.1:8080/hls/live.m3u8"),
            "PUBLIC_STREAM_URL should reach the page");
    }

    [TestCase("/v1/reports/daily", "missing date")]
    [TestCase("/v1/reports/daily?date=", "missing date")]
    [TestCase("/v1/reports/weekly", "missing week")]
    [TestCase("/vvtv/v1/reports/weekly", "missing week")]
    public async Task Report_lookup_without_key_is_400(string path, string error) =>
        await AssertJsonError(await _worker.Http.GetAsync(path), HttpStatusCode.BadRequest, error);

    [TestCase("/v1/reports/daily?date=2026-11-24", "daily report not found")]
    [TestCase("/v1/reports/weekly?week=2026-W48", "weekly report not found")]
    [TestCase("/v1/nope", "not found")]
    [TestCase("/vvtvx/v1/status", "not found")]
    public async Task Unknown_report_or_route_is_404(string path, string error) =>
        await AssertJsonError(await _worker.Http.GetAsync(path), HttpStatusCode.NotFound, error);

    [Test]
    public async Task Post_to_a_read_route_is_404() =>
        await AssertJsonError(await _worker.Http.PostAsync("/v1/status", new StringContent("{}")),
            HttpStatusCode.NotFound, "not found");

    [Test]
    public async Task Unset_token_secret_refuses_even_bearer_undefined()
    {
        // Upstream compared against the literal `Bearer undefined` (D-W2); a correctly signed request must still fail.
        var signer = new IngestSigner("undefined", Secret);
        using var response = await _worker.Http.SendAsync(signer.Post("/v1/ingest/status", """{"buffer_minutes":1}"""));

        await AssertJsonError(response, HttpStatusCode.Unauthorized, "invalid token");
        var rows = await _worker.QueryD1Async("SELECT id FROM status_snapshots");
        Assert.That(rows, Is.Empty);
    }

    internal static async Task AssertJsonError(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(status), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(JsonNodeText(body), Is.EqualTo(JsonSerializer.Serialize(new { error })));
        }
    }

    internal static string JsonNodeText(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
