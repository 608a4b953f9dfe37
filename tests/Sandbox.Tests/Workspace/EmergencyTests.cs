using System.Text.Json;
using Sandbox.Tests.Workspace.Support;

namespace Sandbox.Tests.Workspace;

/// <summary>Runbook emergency commands against a real control API.</summary>
[TestFixture, Parallelizable]
public sealed class EmergencyTests : ScriptTestBase
{
    private async Task<string> StateAsync()
    {
        using var doc = JsonDocument.Parse(await ApiProbe.GetAsync(Ws, "/v1/status"));
        return doc.RootElement.GetProperty("state").GetString()!;
    }

    [Test]
    public async Task Emergency_on_and_off_change_the_status_state_and_are_no_ops_when_already_there()
    {
        await using var api = await BackgroundApi.StartAsync(Ws);

        var on = await Ws.RunAsync("vvtv-runbook.sh", ["emergency-on"]);
        Assert.That(on.ExitCode, Is.EqualTo(0), on.ToString());
        Assert.That(on.Stdout, Is.EqualTo("{\"emergency_mode\":true,\"ok\":true}"), "raw body, no trailing newline");
        Assert.That(await StateAsync(), Is.EqualTo("EMERGENCY"));

        var again = await Ws.RunAsync("vvtv-runbook.sh", ["emergency-on"]);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Stdout, Does.Contain("\"state\":\"EMERGENCY\""), "already on: prints the status body");
        Assert.That(await StateAsync(), Is.EqualTo("EMERGENCY"));

        var off = await Ws.RunAsync("vvtv-runbook.sh", ["emergency-off"]);
        Assert.That(off.ExitCode, Is.EqualTo(0), off.ToString());
        Assert.That(off.Stdout, Is.EqualTo("{\"emergency_mode\":false,\"ok\":true}"));
        Assert.That(await StateAsync(), Is.EqualTo("RUNNING"));
    }

    [Test]
    public async Task A_wrong_secret_gets_401_invalid_signature_yet_exits_0_and_changes_nothing()
    {
        await using var api = await BackgroundApi.StartAsync(Ws);

        var r = await Ws.RunAsync("vvtv-runbook.sh", ["emergency-toggle"],
            new Dictionary<string, string?> { ["VVTV_CONTROL_SECRET"] = "not-the-secret" });

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        Assert.That(r.Stdout, Is.EqualTo("invalid signature"));
        Assert.That(await StateAsync(), Is.EqualTo("RUNNING"));
    }

    [Test]
    public async Task A_wrong_token_gets_401_invalid_token()
    {
        await using var api = await BackgroundApi.StartAsync(Ws);

        var r = await Ws.RunAsync("vvtv-runbook.sh", ["emergency-toggle"],
            new Dictionary<string, string?> { ["VVTV_CONTROL_TOKEN"] = "not-the-token" });

        Assert.That(r.Stdout, Is.EqualTo("invalid token"), r.ToString());
    }

    [Test]
    public async Task Toggle_without_an_api_exits_with_curls_connection_refused_code()
    {
        var r = await Ws.RunAsync("vvtv-runbook.sh", ["emergency-toggle"]);

        Assert.That(r.ExitCode, Is.EqualTo(7), r.ToString());
    }
}
