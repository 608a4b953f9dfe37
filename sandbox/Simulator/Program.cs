using Simulator.Common;

namespace Simulator;

/// <summary>Entry point: `vvtv-sim &lt;package&gt; [args]`, one simulated VVTV binary per package name.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("Error: vvtv-sim needs a package name (vvtv-control-api, vvtv-admin, vvtv-orchestrator, self-test)");
            return 1;
        }
        var rest = args.Skip(1).ToArray();
        try
        {
            // Every package refuses a bad fault list at start, so a run with a misspelt fault fails at once.
            Faults.FromEnvironment();
            return args[0] switch
            {
                "vvtv-control-api" => await ControlApi.ControlApiHost.RunAsync(rest),
                "vvtv-admin" => Admin.AdminTool.Run(rest),
                "vvtv-orchestrator" => await Orchestrator.OrchestratorApp.RunAsync(rest),
                "self-test" => SelfTest.SelfTests.Run(rest),
                _ => Fail($"unknown package: {args[0]}"),
            };
        }
        catch (CliException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or System.Text.Json.JsonException)
        {
            // A Rust main returning an error: `Error:` line plus its cause, exit 1.
            return Fail($"{e.Message}\n\nCaused by:\n    {e.GetType().Name}");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"Error: {message}");
        return 1;
    }
}
