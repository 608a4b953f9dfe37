using Tests.Shared;
using System.Net;
using System.Text;
using Sandbox.Tests.Simulator.Support;
using Simulator.Common;

namespace Sandbox.Tests.Simulator;

/// <summary>Orchestrator cloud sync (§5.7) against a real loopback HTTP listener standing in for the Worker.</summary>
[TestFixture, Parallelizable]
public sealed class CloudSyncTests
{
    private sealed record Received(string Path, string Body, string? ContentType, string? Authorization, string? Ts,
        string? Signature);

    private TempWorkspace _ws = null!;
    private HttpListener _listener = null!;
    private readonly List<Received> _received = [];
    private Func<int, (int Status, string Body)> _answer = null!;
    private string _baseUrl = null!;
    private Task _loop = null!;

    [SetUp]
    public void StartWorkerStandIn()
    {
        _ws = new TempWorkspace();
        _answer = _ => (200, "{\"ok\":true,\"kind\":\"status\"}");
        var port = FreeLoopbackPort.Next();
        _baseUrl = $"http://127.0.0.1:{port}";
        _listener = new HttpListener();
        _listener.Prefixes.Add(_baseUrl + "/");
        _listener.Start();
        _received.Clear();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                int n;
                lock (_received)
                {
                    _received.Add(new(ctx.Request.Url!.AbsolutePath, body, ctx.Request.Headers["Content-Type"],
                        ctx.Request.Headers["authorization"], ctx.Request.Headers["x-vvtv-ts"],
                            ctx.Request.Headers["x-vvtv-signature"]));
                    n = _received.Count;
                }
                var (status, text) = _answer(n);
                ctx.Response.StatusCode = status;
                var bytes = Encoding.UTF8.GetBytes(text);
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes);
                ctx.Response.Close();
            }
        });
    }

    [TearDown]
    public async Task StopWorkerStandIn()
    {
        // Close alone: Stop then Close unregisters twice, and the second binds the port again for a moment (and
        // fails when a test beside this one has taken it since).
        _listener.Close();
        await _loop;
        _ws.Dispose();
    }

    private Task<Cargo.Result> RunOnce(string? faults = null) =>
        Cargo.RunPackageAsync(_ws, "vvtv-orchestrator", new Dictionary<string, string?>
        {
            ["VVTV_RUN_ONCE"] = "1", ["VVTV_FORCE_NIGHTLY"] = "1", ["VVTV_CLOUDFLARE_BASE_URL"] = _baseUrl,
            ["VVTV_CLOUDFLARE_TOKEN"] = "cf-token", ["VVTV_CLOUDFLARE_SECRET"] = "cf-secret",
                ["VVTV_SIM_FAULTS"] = faults,
        });

    [Test]
    public async Task Pushes_are_signed_over_the_exact_body_without_content_type()
    {
        var r = await RunOnce();
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(OrchestratorTests.EventNames(r.Stdout).Where(n => n.StartsWith("cloudflare-")),
            Is.EqualTo(new[] { "cloudflare-status-sync-ok", "cloudflare-daily-sync-ok", "cloudflare-weekly-sync-ok" }),
                r.Stdout);
        Assert.That(_received.Select(x => x.Path),
            Is.EqualTo(new[] { "/v1/ingest/status", "/v1/ingest/daily", "/v1/ingest/weekly" }));
        foreach (var x in _received)
        {
            Assert.That(x.ContentType, Is.Null);
            Assert.That(x.Authorization, Is.EqualTo("Bearer cf-token"));
            Assert.That(x.Signature, Is.EqualTo(Hmac.Sign("cf-secret", Hmac.Canonical("POST", x.Path, x.Ts!, x.Body))));
        }
        Assert.That(_received[1].Body, Does.Match("""^\{"date":"\d{4}-\d\d-\d\d","summary":"nightly export_count=\d+ deleted_count=0","metrics":\{"buffer_minutes":"""));
    }

    [Test]
    public async Task Server_errors_are_retried_then_logged_without_changing_the_exit_code()
    {
        _answer = _ => (503, "busy");
        var r = await RunOnce();
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(OrchestratorTests.EventNames(r.Stdout), Does.Contain("cloudflare-status-sync-failed"));
        Assert.That(_received.Count(x => x.Path == "/v1/ingest/status"), Is.EqualTo(4), "1 attempt + 3 retries");
    }

    [Test]
    public async Task A_2xx_without_ok_and_kind_is_a_failure()
    {
        _answer = _ => (200, "{}");
        var r = await RunOnce();
        Assert.That(OrchestratorTests.EventNames(r.Stdout),
            Does.Contain("cloudflare-status-sync-failed").And.Not.Contain("cloudflare-status-sync-ok"));
    }

    [Test]
    public async Task Sync_fail_fault_fails_every_push()
    {
        var r = await RunOnce("sync-fail");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(OrchestratorTests.EventNames(r.Stdout).Where(n => n.StartsWith("cloudflare-")),
            Is.EqualTo(new[] { "cloudflare-status-sync-failed", "cloudflare-daily-sync-failed",
                "cloudflare-weekly-sync-failed" }));
    }
}
