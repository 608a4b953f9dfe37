using CliWrap;
using Engine;

namespace EngineTests;

public sealed class ProcessTests
{
    /// <summary>Live (non-zombie) processes whose command line contains the marker.</summary>
    internal static List<int> ProcessesWith(string marker)
    {
        var hits = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (cmd.StartsWith(marker) && stat[(stat.LastIndexOf(')') + 2)] != 'Z') hits.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return hits;
    }

    [Test]
    public async Task Background_children_of_a_finished_script_are_killed()
    {
        var marker = "engine-bg-" + Guid.NewGuid().ToString("N")[..8];
        var result = await Cli.Wrap("bash").WithArguments(["-c",
            $"(exec -a {marker} sleep 1000) & echo started; exit 3"]).ExecuteGroupAsync();
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.StdOut, Is.EqualTo(new[] { "started" }));
        Assert.That(result.TimedOut, Is.False);
        Assert.That(ProcessesWith(marker), Is.Empty);
    }

    [Test]
    public async Task Timeout_kills_the_group_and_reports_TimedOut()
    {
        var marker = "engine-to-" + Guid.NewGuid().ToString("N")[..8];
        var result = await Cli.Wrap("bash").WithArguments(["-c", $"echo err >&2; exec -a {marker} sleep 1000"])
            .ExecuteGroupAsync(new ProcessOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        Assert.That(result.TimedOut, Is.True);
        Assert.That(result.StdErr, Is.EqualTo(new[] { "err" }));
        Assert.That(result.Duration, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(ProcessesWith(marker), Is.Empty);
    }

    [Test]
    public async Task Background_process_handle_stops_the_whole_group()
    {
        var marker = "engine-srv-" + Guid.NewGuid().ToString("N")[..8];
        var output = Path.Combine(Path.GetTempPath(), marker + ".out");
        try
        {
            await using (var server = Cli.Wrap("bash")
                .WithArguments(["-c", $"(exec -a {marker} sleep 1000) & echo ready; wait"]).StartGroup(output))
            {
                var deadline = DateTime.UtcNow.AddSeconds(5);
                while (!(File.Exists(output) && File.ReadAllText(output).Contains("ready"))
                    && DateTime.UtcNow < deadline) await Task.Delay(20);
                Assert.That(server.IsAlive, Is.True);
                Assert.That(ProcessesWith(marker), Has.Count.EqualTo(1));
            }
            Assert.That(ProcessesWith(marker), Is.Empty);
        }
        finally { File.Delete(output); }
    }

    [Test]
    public async Task A_frozen_group_is_woken_to_end_on_SIGTERM_rather_than_killed_when_the_grace_is_up()
    {
        var marker = "engine-frozen-" + Guid.NewGuid().ToString("N")[..8];
        var output = Path.Combine(Path.GetTempPath(), marker + ".out");
        try
        {
            var server = Cli.Wrap("bash").WithArguments(["-c",
                "trap 'echo ended on SIGTERM; exit 0' TERM; echo ready; while :; do sleep 0.05; done"])
                .StartGroup(output);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!(File.Exists(output) && File.ReadAllText(output).Contains("ready")) && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            // "--": procps-ng's kill reads "-STOP -<pgid>" as a signal to its own group, the test host's.
            await Cli.Wrap("kill").WithArguments(["-s", "STOP", "--", $"-{server.Pid}"]).ExecuteAsync();

            // Not woken, the group would wait out the grace frozen and then be killed, its SIGTERM handler never run.
            await ProcessGroups.KillAsync(server.Pid, TimeSpan.FromMinutes(1));
            await server.StopAsync();
            Assert.That(File.ReadAllText(output), Does.Contain("ended on SIGTERM"));
        }
        finally { File.Delete(output); }
    }

    [Test]
    public async Task A_group_stopped_right_after_start_leaves_nothing_behind()
    {
        for (var i = 0; i < 20; i++)
        {
            var marker = "engine-early-" + Guid.NewGuid().ToString("N")[..8];
            var output = Path.Combine(Path.GetTempPath(), marker + ".out");
            try
            {
                var server = Cli.Wrap("bash").WithArguments(["-c", $"exec -a {marker} sleep 1000"]).StartGroup(output);
                Assert.That(server.IsAlive, Is.True,
                    "the handle must report a live group as soon as StartGroup returns");
                await server.StopAsync();
                Assert.That(ProcessesWith(marker), Is.Empty);
            }
            finally { File.Delete(output); }
        }
    }
}
