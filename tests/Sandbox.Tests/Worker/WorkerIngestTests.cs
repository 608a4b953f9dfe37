using System.Net;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using static Sandbox.Tests.Worker.WorkerReadTests;

namespace Sandbox.Tests.Worker;

/// <summary>Signed ingest into the Worker's local D1, read back over HTTP and through wrangler d1 execute.</summary>
[TestFixture]
[NonParallelizable]
public sealed class WorkerIngestTests
{
    private const string Token = "ingest-token";
    private const string Secret = "ingest-secret";
    private readonly IngestSigner _signer = new(Token, Secret);
    private LocalWorker _worker = null!;

    [OneTimeSetUp]
    public async Task StartWorker() =>
        _worker = await LocalWorker.StartAsync(new Dictionary<string,
            string> { ["CONTROL_TOKEN"] = Token, ["CONTROL_SECRET"] = Secret });

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
    public void Signer_matches_the_contract_ingest_vector()
    {
        const string body = """{"date":"2026-02-27","summary":"x","metrics":{"buffer_minutes":20,"plans_created":2,"plans_committed":2,"qa_pass_rate":1.0,"fallback_rate":0.0,"curator_actions":0,"stream_disruptions":0}}""";
        Assert.That(IngestSigner.Sign("s3cret", "POST", "/v1/ingest/daily", "1700000000", body),
            Is.EqualTo("4a17e877f0604055105ab597640a722c70da4ee1caed9cea0cb6d40768441707"));
    }

    [Test]
    public async Task Status_ingest_is_stored_and_served_with_a_sqlite_updated_at()
    {
        var before = DateTime.UtcNow.AddSeconds(-2);
        const string metrics = """{"buffer_minutes":37,"plans_created":4,"plans_committed":3,"qa_pass_rate":0.75,"fallback_rate":0.0,"curator_actions":1,"stream_disruptions":0}""";

        await AssertOk(await _worker.Http.SendAsync(_signer.Post("/v1/ingest/status", metrics)), "status");
        using var read = await _worker.Http.GetAsync("/v1/status");
        var rows = await _worker.QueryD1Async("SELECT id, updated_at FROM status_snapshots");

        JsonAssert.AreEquivalent(metrics, await read.Content.ReadAsStringAsync());
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0]["id"].GetInt32(), Is.EqualTo(1));
        var updatedAt = rows[0]["updated_at"].GetString()!;
        Assert.That(updatedAt, Does.Match(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"));
        Assert.That(DateTime.ParseExact(updatedAt, "yyyy-MM-dd HH:mm:ss", null),
            Is.GreaterThanOrEqualTo(before.AddTicks(-(before.Ticks % TimeSpan.TicksPerSecond))));
    }

    [Test]
    public async Task Daily_ingest_is_upserted_by_date_and_read_by_exact_key()
    {
        const string first = """{"date":"2026-11-23","summary":"nightly export_count=1 deleted_count=0","metrics":{"buffer_minutes":20}}""";
        const string second = """{"date":"2026-11-23","summary":"nightly export_count=9 deleted_count=2","metrics":{"buffer_minutes":21}}""";

        await AssertOk(await _worker.Http.SendAsync(_signer.Post("/v1/ingest/daily", first)), "daily");
        await AssertOk(await _worker.Http.SendAsync(_signer.Post("/v1/ingest/daily", second)), "daily");
        using var read = await _worker.Http.GetAsync("/v1/reports/daily?date=2026-11-23");
        using var compat = await _worker.Http.GetAsync("/vvtv/v1/reports/daily?date=2026-11-23");
        var rows = await _worker.QueryD1Async("SELECT date, updated_at FROM daily_reports WHERE date = '2026-11-23'");

        JsonAssert.AreEquivalent(second, await read.Content.ReadAsStringAsync());
        JsonAssert.AreEquivalent(second, await compat.Content.ReadAsStringAsync());
        Assert.That(rows, Has.Count.EqualTo(1));
        await AssertJsonError(await _worker.Http.GetAsync("/v1/reports/daily?date=2026-11-23T00:00:00Z"),
            HttpStatusCode.NotFound, "daily report not found");
    }

    [Test]
    public async Task Weekly_ingest_is_read_by_iso_week_key()
    {
        const string weekly = """{"week":"2026-W05","summary":"weekly rollup","metrics":{"buffer_minutes":30}}""";

        await AssertOk(await _worker.Http.SendAsync(_signer.Post("/v1/ingest/weekly", weekly)), "weekly");
        using var read = await _worker.Http.GetAsync("/v1/reports/weekly?week=2026-W05");
        using var compat = await _worker.Http.GetAsync("/vvtv/v1/reports/weekly?week=2026-W05");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        JsonAssert.AreEquivalent(weekly, await read.Content.ReadAsStringAsync());
        JsonAssert.AreEquivalent(weekly, await compat.Content.ReadAsStringAsync());
        // The key is exact: an unpadded week number is a different (absent) row.
        await AssertJsonError(await _worker.Http.GetAsync("/v1/reports/weekly?week=2026-W5"), HttpStatusCode.NotFound,
            "weekly report not found");
    }

    [TestCase("/v1/ingest/daily", """{"summary":"no key"}""", "daily report missing date")]
    [TestCase("/v1/ingest/daily", """{"date":""}""", "daily report missing date")]
    [TestCase("/v1/ingest/weekly", """{"date":"2026-11-24"}""", "weekly report missing week")]
    [TestCase("/v1/ingest/weekly", "[]", "weekly report missing week")]
    public async Task Report_ingest_without_its_key_is_400(string path, string body, string error) =>
        await AssertJsonError(await _worker.Http.SendAsync(_signer.Post(path, body)), HttpStatusCode.BadRequest, error);

    [TestCase("/v1/ingest/status")]
    [TestCase("/v1/ingest/daily")]
    [TestCase("/v1/ingest/weekly")]
    public async Task Ingest_of_invalid_json_is_a_json_400_not_a_platform_500(string path)
    {
        using var response = await _worker.Http.SendAsync(_signer.Post(path, "{not json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error")
            .GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task Unknown_ingest_kind_is_404_only_after_auth()
    {
        await AssertJsonError(await _worker.Http.SendAsync(_signer.Post("/v1/ingest/monthly", "{}")),
            HttpStatusCode.NotFound, "unsupported ingest endpoint");
        await AssertJsonError(await _worker.Http.SendAsync(IngestSigner.Unsigned("/v1/ingest/monthly", "{}")),
            HttpStatusCode.Unauthorized, "invalid token");
    }

    private static IEnumerable<TestCaseData> AuthFailures()
    {
        const string body = """{"buffer_minutes":1}""";
        string Fresh() => IngestSigner.Now();
        string Sig(string ts) => IngestSigner.Sign(Secret, "POST", "/v1/ingest/status", ts, body);
        // Each case also breaks every later check, so only the check order decides which error is reported.
        yield return new TestCaseData("Bearer wrong", null, null, "invalid token")
            .SetName("401 invalid token before missing headers");
        yield return new TestCaseData($"bearer {Token}", (Func<string>)Fresh, null, "invalid token")
            .SetName("401 invalid token is case-sensitive");
        yield return new TestCaseData($"Bearer {Token}", (Func<string>)Fresh, null, "missing signature headers")
            .SetName("401 missing signature header");
        yield return new TestCaseData($"Bearer {Token}", null, (Func<string, string>)(_ => "x"),
            "missing signature headers").SetName("401 missing timestamp header");
        yield return new TestCaseData($"Bearer {Token}", (Func<string>)(() => "soon"), (Func<string, string>)(_ => "x"),
            "invalid timestamp").SetName("401 invalid timestamp before stale");
        yield return new TestCaseData($"Bearer {Token}", (Func<string>)(() => (long.Parse(Fresh()) - 301).ToString()),
            (Func<string, string>)Sig, "stale timestamp").SetName("401 stale timestamp in the past");
        yield return new TestCaseData($"Bearer {Token}", (Func<string>)(() => (long.Parse(Fresh()) + 400).ToString()),
            (Func<string, string>)Sig, "stale timestamp").SetName("401 stale timestamp in the future");
        yield return new TestCaseData($"Bearer {Token}", (Func<string>)Fresh,
            (Func<string, string>)(ts => Sig(ts).ToUpperInvariant()), "invalid signature")
                .SetName("401 invalid signature for uppercase hex");
        yield return new TestCaseData($"Bearer {Token}", (Func<string>)Fresh,
            (Func<string, string>)(ts => IngestSigner.Sign(Secret, "POST", "/v1/ingest/status", ts, "{}")),
                "invalid signature").SetName("401 invalid signature when body differs");
    }

    [TestCaseSource(nameof(AuthFailures))]
    public async Task Ingest_auth_failures_are_json_401s_in_check_order(string authorization, Func<string>? ts,
        Func<string, string>? signature, string error)
    {
        var request = IngestSigner.Unsigned("/v1/ingest/status", """{"buffer_minutes":1}""");
        request.Headers.TryAddWithoutValidation("authorization", authorization);
        var tsValue = ts?.Invoke();
        if (tsValue is not null) request.Headers.TryAddWithoutValidation("x-vvtv-ts", tsValue);
        if (signature is not null) request.Headers.TryAddWithoutValidation("x-vvtv-signature",
            signature(tsValue ?? ""));

        await AssertJsonError(await _worker.Http.SendAsync(request), HttpStatusCode.Unauthorized, error);
    }

    [TestCase("decimal")]
    [TestCase("exponent")]
    [TestCase("hex")]
    [TestCase("plus sign")]
    public async Task Timestamp_is_parsed_like_javascript_number(string notation)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var ts = notation switch
        {
            "decimal" => $"{now}.5",
            "exponent" => $"{now / 10}.{now % 10}e1",
            "hex" => $"0x{now:x}",
            _ => $"+{now}",
        };
        // The signature covers the header text verbatim, whatever notation it uses.
        await AssertOk(await _worker.Http.SendAsync(_signer.Post("/v1/ingest/status", """{"buffer_minutes":2}""", ts: ts)), "status");
    }

    [Test]
    public async Task Ingest_signed_with_openssl_is_accepted()
    {
        // Same recipe as the ops scripts: printf the canonical string into openssl dgst.
        const string script = """printf '%s\n%s\n%s\n%s' POST /v1/ingest/daily "$1" "$2" | openssl dgst -sha256 -hmac "$3" -hex | awk '{print $NF}'""";
        const string body = """{"date":"2026-11-21","summary":"nightly export_count=0 deleted_count=0","metrics":{"buffer_minutes":20}}""";
        var ts = IngestSigner.Now();
        var openssl = await Cli.Wrap("bash").WithArguments(["-c", script, "sign", ts, body, Secret])
            .ExecuteBufferedAsync();
        var request = IngestSigner.Unsigned("/v1/ingest/daily", body);
        request.Headers.TryAddWithoutValidation("authorization", $"Bearer {Token}");
        request.Headers.TryAddWithoutValidation("x-vvtv-ts", ts);
        request.Headers.TryAddWithoutValidation("x-vvtv-signature", openssl.StandardOutput.Trim());

        await AssertOk(await _worker.Http.SendAsync(request), "daily");
    }

    [Test]
    public async Task Ingest_through_the_vvtv_prefix_signs_the_received_path()
    {
        const string body = """{"date":"2026-11-20","summary":"via prefix","metrics":{}}""";
        // The agent signs /v1/ingest/daily, but the Worker verifies the path as received (D-W1).
        await AssertJsonError(await _worker.Http.SendAsync(_signer.Post("/vvtv/v1/ingest/daily", body,
            signedPath: "/v1/ingest/daily")),
            HttpStatusCode.Unauthorized, "invalid signature");
        await AssertOk(await _worker.Http.SendAsync(_signer.Post("/vvtv/v1/ingest/daily", body)), "daily");
    }

    private static async Task AssertOk(HttpResponseMessage response, string kind)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(JsonNodeText(body), Is.EqualTo(JsonSerializer.Serialize(new { ok = true, kind })));
        }
    }
}
