using Sandbox.Tests.Simulator.Support;

/// <summary>
/// Once before every test of the assembly: the simulator compiled by the cargo shim (native AOT takes a minute or
/// more), so that no test's own time limit has to allow for the first compile of the many fixtures calling it at once.
/// </summary>
[SetUpFixture]
public sealed class SimulatorBuilt
{
    [OneTimeSetUp]
    public async Task Build()
    {
        using var ws = new TempWorkspace();
        var r = await Cargo.RunAsync(ws.Root, ["build", "-q"], timeout: TimeSpan.FromMinutes(30));
        // The tests call the shim themselves, which builds when this did not, so a failure here only costs time.
        if (r.ExitCode != 0)
            TestContext.Progress.WriteLine($"Building the simulator failed (exit {r.ExitCode}):\n{r.Stderr}");
    }
}
