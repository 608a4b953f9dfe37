using Tests.Shared;
using System.Net;
using System.Text;
using Vvtv;

namespace Build.Tests.Vvtv;

/// <summary>Runs the client against a real HttpListener on a free loopback port that checks signatures the way §3.3
/// describes.</summary>
public sealed class ControlApiClientTests
{
    private const string Token = "tok-1234";
    private const string Secret = "secret-5678";
    private HttpListener _listener = null!;
    private Task _loop = null!;
    private string _baseUrl = null!;
    private string _alertsBody = VvtvSamples.Alerts;
    private int _alertsStatus = 200;

    [SetUp]
    public void Start()
    {
        var port = FreeLoopbackPort.Next();
        _baseUrl = $"http://127.0.0.1:{port}";
        _listener = new HttpListener();
        _listener.Prefixes.Add(_baseUrl + "/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    [TearDown]
    public void Stop()
    {
        // Close alone: Stop then Close unregisters twice, and the second binds the port again for a moment.
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    [Test]
    public async Task Gets_parse_status_alerts_and_metrics()
    {
        using var client = new ControlApiClient(_baseUrl, TimeSpan.FromSeconds(5));
        Assert.That((await client.GetStatusAsync()).State, Is.EqualTo("RUNNING"));
        Assert.That((await client.GetAlertsAsync()).Count, Is.EqualTo(1));
        Assert.That(PrometheusText.Parse(await client.GetMetricsTextAsync(), "metrics")
            .VvtvValues("metrics"), Has.Count.EqualTo(7));
    }

    [Test]
    public void Non_200_alerts_is_an_error_not_an_empty_list()
    {
        _alertsStatus = 500;
        _alertsBody = "oops";
        using var client = new ControlApiClient(_baseUrl, TimeSpan.FromSeconds(5));
        var e = Assert.ThrowsAsync<VvtvFormatException>(() => client.GetAlertsAsync())!;
        Assert.That(e.Message, Does.Contain("HTTP 500"));
    }

    [Test]
    public async Task Signed_calls_pass_and_each_defect_gets_its_401()
    {
        using var client = new ControlApiClient(_baseUrl, TimeSpan.FromSeconds(5));
        const string path = "/v1/control/reload-owner-card";
        var ok = await client.PostSignedAsync(path, Token, Secret);
        Assert.That((ok.StatusCode, ok.Body), Is.EqualTo((200, """{"action":"reload-owner-card","ok":true}""")));
        Assert.That((await client.PostSignedAsync(path, Token, Secret,
            new SignedCallOptions { OmitAuthorization = true })).Body, Is.EqualTo("invalid token"));
        Assert.That((await client.PostSignedAsync(path, Token, Secret,
            new SignedCallOptions { OmitSignatureHeaders = true })).Body, Is.EqualTo("missing signature headers"));
        var stale = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 400).ToString();
        Assert.That((await client.PostSignedAsync(path, Token, Secret,
            new SignedCallOptions { TimestampOverride = stale })).Body, Is.EqualTo("stale timestamp"));
        var bad = await client.PostSignedAsync(path, Token, Secret,
            new SignedCallOptions { SignatureOverride = new string('0', 64) });
        Assert.That((bad.StatusCode, bad.Body), Is.EqualTo((401, "invalid signature")));
        Assert.That((await client.PostSignedAsync(path, Token, "wrong-secret")).Body, Is.EqualTo("invalid signature"));
        Assert.That((await client.PostSignedAsync(path, Token, Secret,
            new SignedCallOptions { AuthorizationOverride = $"bearer {Token}" })).Body, Is.EqualTo("invalid token"));
        // The control API ignores the body, so a body-signed call fails and an empty-body signature passes with a body
        // sent.
        Assert.That((await client.PostSignedAsync(path, Token, Secret,
            new SignedCallOptions { Body = "{}", SignBody = true })).Body, Is.EqualTo("invalid signature"));
        Assert.That((await client.PostSignedAsync(path, Token, Secret,
            new SignedCallOptions { Body = "{}" })).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Worker_ingest_signature_covers_the_raw_body()
    {
        using var client = new ControlApiClient(_baseUrl, TimeSpan.FromSeconds(5));
        const string body = """{"date":"2026-11-24"}""";
        var ok = await client.PostSignedAsync("/v1/ingest/daily", Token, Secret,
            new SignedCallOptions { Body = body, SignBody = true });
        Assert.That((ok.StatusCode, ok.Body), Is.EqualTo((200, """{"ok":true,"kind":"daily"}""")));
        var unsigned = await client.PostSignedAsync("/v1/ingest/daily", Token, Secret,
            new SignedCallOptions { Body = body });
        Assert.That(unsigned.StatusCode, Is.EqualTo(401));
    }

    [Test]
    public void Connection_refused_is_a_transport_error()
    {
        using var client = new ControlApiClient($"http://127.0.0.1:{FreeLoopbackPort.Next()}", TimeSpan.FromSeconds(5));
        Assert.That(async () => await client.GetStatusAsync(), Throws.InstanceOf<HttpRequestException>());
    }

    [Test]
    public void Timeout_is_enforced_per_request()
    {
        using var client = new ControlApiClient(_baseUrl, TimeSpan.FromMilliseconds(300));
        Assert.That(async () => await client.GetAsync("/slow"), Throws.InstanceOf<TaskCanceledException>());
    }

    [Test]
    public void Bad_base_url_is_refused() =>
        Assert.That(() => new ControlApiClient("ftp://x"), Throws.ArgumentException.With.Message.Contains("ftp://x"));

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Handle(ctx));
        }
    }

    private async Task Handle(HttpListenerContext ctx)
    {
        var (status, body) = ctx.Request.Url!.AbsolutePath switch
        {
            "/v1/status" => (200, VvtvSamples.Status),
            "/v1/alerts" => (_alertsStatus, _alertsBody),
            "/metrics" => (200, VvtvSamples.Metrics),
            "/slow" => await Slow(),
            var p when p.StartsWith("/v1/control/") => Authorize(ctx.Request, "", """{"action":"reload-owner-card","ok":true}"""),
            "/v1/ingest/daily" => Authorize(ctx.Request, await new StreamReader(ctx.Request.InputStream).ReadToEndAsync(), """{"ok":true,"kind":"daily"}"""),
            _ => (404, ""),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.StatusCode = status;
        try
        {
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
    }

    private static async Task<(int, string)> Slow()
    {
        await Task.Delay(2000);
        return (200, "late");
    }

    private static (int, string) Authorize(HttpListenerRequest request, string signedBody, string okBody)
    {
        if (request.Headers["Authorization"] != $"Bearer {Token}") return (401, "invalid token");
        var ts = request.Headers["x-vvtv-ts"];
        var sig = request.Headers["x-vvtv-signature"];
        if (string.IsNullOrEmpty(ts) || string.IsNullOrEmpty(sig)) return (401, "missing signature headers");
        if (!long.TryParse(ts, out var t) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t) > 300) return (401,
            "stale timestamp");
        if (sig != HmacSigner.Sign(Secret, HmacSigner.CanonicalString(request.HttpMethod, request.Url!.AbsolutePath, ts,
            signedBody))) return (401, "invalid signature");
        return (200, okBody);
    }
}
