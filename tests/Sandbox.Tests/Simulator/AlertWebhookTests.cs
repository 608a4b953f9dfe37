using Tests.Shared;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sandbox.Tests.Simulator.Support;

namespace Sandbox.Tests.Simulator;

/// <summary>The optional alert webhook (§3.5): a high/critical alert is posted at startup and stored as
/// active.</summary>
[TestFixture, Parallelizable]
public sealed class AlertWebhookTests
{
    [Test]
    public async Task Startup_cycle_posts_active_critical_alert_and_records_it()
    {
        using var ws = new TempWorkspace();
        var port = FreeLoopbackPort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = Task.Run(async () =>
        {
            try
            {
                var ctx = await listener.GetContextAsync();
                using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                received.TrySetResult(await reader.ReadToEndAsync());
                ctx.Response.StatusCode = 204;
                ctx.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                received.TrySetCanceled();
            }
        });

        await using (var api = await ApiServer.StartAsync(ws, new Dictionary<string, string?>
        {
            ["VVTV_ALERT_WEBHOOK_URL"] = $"http://127.0.0.1:{port}/hook", ["VVTV_SIM_FAULTS"] = "buffer-critical",
        }))
        {
            var body = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
            var root = JsonDocument.Parse(body).RootElement;
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "code", "event", "message",
                "severity", "timestamp" }));
            Assert.That((root.GetProperty("code").GetString(), root.GetProperty("event")
                .GetString(), root.GetProperty("severity").GetString()),
                Is.EqualTo(("BUFFER_CRITICAL", "alert", "critical")));

            var deadline = DateTime.UtcNow.AddSeconds(10);
            long active = 0;
            while ((active == 0 || !api.Stdout.Contains("alert-webhook-sent")) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                using var conn = new SqliteConnection($"Data Source={ws.StateDbPath};Pooling=False;Default Timeout=5");
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT COUNT(*) FROM alert_states WHERE code = 'BUFFER_CRITICAL' AND active = 1 " +
                    "AND last_notified_at IS NOT NULL";
                active = Convert.ToInt64(cmd.ExecuteScalar());
            }
            Assert.That(active, Is.EqualTo(1));
            Assert.That(api.Stdout, Does.Contain("\"message\":\"alert-webhook-sent\""));
        }
        listener.Close(); // not Stop: with the Dispose after it, the port would be bound again for a moment
        await loop;
    }
}
