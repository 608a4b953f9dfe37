using System.Net;
using System.Text;
using CliWrap;
using Vvtv;

namespace Build.Tests.Vvtv;

/// <summary>
/// D-P3: VVTV's phase scripts take readiness from whatever answers on the port, even when their own API failed to
/// bind. <see cref="ControlApiProcess"/> must not: an impostor answering a valid status is not the API it started.
/// </summary>
public sealed class ControlApiProcessTests
{
    [Test]
    public async Task D_P3_an_impostor_answering_on_the_port_is_not_taken_for_the_api_that_was_started()
    {
        var port = LoopbackPorts.Free();
        var url = $"http://127.0.0.1:{port}";
        using var impostor = new HttpListener();
        impostor.Prefixes.Add(url + "/");
        impostor.Start();
        var serving = Task.Run(async () =>
        {
            while (impostor.IsListening)
            {
                HttpListenerContext context;
                try { context = await impostor.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                var body = Encoding.UTF8.GetBytes(VvtvSamples.Status);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        using var dir = new ScratchDir();
        var log = Path.Combine(dir.Path, "control-api.log");
        // The started "API" cannot bind (the impostor has the port) and stays alive, as VVTV's does.
        var api = Cli.Wrap("bash").WithArguments(["-c", "echo 'bind: address already in use'; exec sleep 120"]);

        var start = ControlApiProcess.StartAsync(api, log, url, port, TimeSpan.FromSeconds(3), CancellationToken.None);
        var refused = Assert.ThrowsAsync<TimeoutException>(async () => await (await start).DisposeAsync());
        Assert.That(refused!.Message, Does.Contain($"not ready on port {port}").And.Contain("address already in use"));
        // The impostor did answer: the guard, not a dead port, refused it.
        using var client = new ControlApiClient(url, TimeSpan.FromSeconds(5));
        Assert.That((await client.GetStatusAsync()).State, Is.EqualTo("RUNNING"));

        impostor.Close(); // not Stop: with the Dispose after it, the port would be bound again for a moment
        await serving;
    }
}
