using Tests.Shared;
using System.Net;
using System.Net.Sockets;
using Sandbox.Tests.Simulator.Support;

namespace Sandbox.Tests.Simulator;

/// <summary>Control API startup validation (§3.1) and bind failure.</summary>
[TestFixture, Parallelizable]
public sealed class ControlApiStartupTests
{
    private TempWorkspace _ws = null!;

    [SetUp]
    public void CreateWorkspace() => _ws = new TempWorkspace();

    [TearDown]
    public void DeleteWorkspace() => _ws.Dispose();

    [TestCase("production", null, "s3cret-value", "VVTV_CONTROL_TOKEN")]
    [TestCase("DEV", "token-value", null, "VVTV_CONTROL_SECRET")]
    [TestCase("staging", "dev-token", "s3cret-value", "default dev secrets")]
    [TestCase("staging", "token-value", "dev-secret", "default dev secrets")]
    public async Task Non_dev_startup_is_refused(string env, string? token, string? secret, string fragment)
    {
        var r = await Cargo.RunPackageAsync(_ws, "vvtv-control-api", new Dictionary<string, string?>
        {
            ["VVTV_ENV"] = env, ["VVTV_CONTROL_TOKEN"] = token, ["VVTV_CONTROL_SECRET"] = secret,
            ["VVTV_SIM_API_PORT"] = FreeLoopbackPort.Next().ToString(),
        });
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith("Error: ").And.Contain(fragment));
    }

    [Test]
    public async Task Port_in_use_exits_1_naming_address_in_use()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var r = await Cargo.RunPackageAsync(_ws, "vvtv-control-api", new Dictionary<string,
            string?> { ["VVTV_SIM_API_PORT"] = port.ToString() });
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith("Error: ").And.Contain("Address already in use"));
    }

    [Test]
    public async Task Empty_secrets_are_accepted_outside_dev_as_in_vvtv()
    {
        await using var api = await ApiServer.StartAsync(_ws, new Dictionary<string, string?>
        {
            ["VVTV_ENV"] = "production", ["VVTV_CONTROL_TOKEN"] = "", ["VVTV_CONTROL_SECRET"] = "",
        });
        using var r = await api.Client.GetAsync("/v1/status");
        Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Cargo_run_execs_so_the_recorded_pid_is_the_server()
    {
        await using var api = await ApiServer.StartAsync(_ws);
        var argv = (await File.ReadAllTextAsync($"/proc/{api.ProcessId}/cmdline")).Split('\0');
        // The simulator in either form cargo builds: the native program, or `dotnet …/vvtv-sim.dll`.
        var program = Array.FindIndex(argv, a => a.EndsWith("/vvtv-sim", StringComparison.Ordinal) ||
            a.EndsWith("/vvtv-sim.dll", StringComparison.Ordinal));
        Assert.That(program, Is.GreaterThanOrEqualTo(0), string.Join(' ', argv));
        Assert.That(argv[program + 1], Is.EqualTo("vvtv-control-api"), string.Join(' ', argv));
    }
}
