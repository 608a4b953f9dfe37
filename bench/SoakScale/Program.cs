using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Soak;
using Spectre.Console;

// soak-scale write N DIR: N samples through the soak's session (judge, journal, progress bar), then verdict and chart.
// soak-scale resume DIR: what a resumed soak does first: load its plan and replay the journal into the judgement.
// Each prints one line: mode, samples, elapsed ms and CPU ms (user + system, all threads) of the step, µs per sample,
// peak RSS MiB (VmHWM of this process), methods the JIT compiled in this process and their compile time in ms.
var mode = args[0];
var dir = args[^1];
var t0 = new DateTimeOffset(2026, 11, 24, 6, 20, 30, TimeSpan.Zero);
const string status = "{\"buffer_minutes\":60,\"state\":\"RUNNING\",\"timestamp\":\"2026-11-24T06:20:30+00:00\"}";
const string metrics = "vvtv_buffer_minutes 60\nvvtv_plans_created 6\nvvtv_plans_committed 6\nvvtv_qa_pass_rate 1\n"
    + "vvtv_fallback_rate 0\nvvtv_curator_actions 0\nvvtv_stream_disruptions 0\n";
const string alerts = "{\"alerts\":[],\"count\":0}";
var planPath = Path.Combine(dir, SoakPlan.FileName);
var journal = new SamplesJournal(Path.Combine(dir, SamplesJournal.FileName));
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
var watch = Stopwatch.StartNew();
int count;
if (mode == "write")
{
    var n = int.Parse(args[1], CultureInfo.InvariantCulture);
    Directory.CreateDirectory(dir);
    var settings = new SoakSettings
    {
        Engine = SoakEngineKind.Native, Schedule = SoakSchedule.Create(0, 60, n), ErrorBudget = 1,
            MaxConsecutiveErrors = n,
        StaleMetricsWindow = TimeSpan.FromDays(1000),
    };
    var plan = SoakPlan.Start(settings, Path.Combine(dir, "out"), t0);
    plan.Save(planPath);
    var session = new SoakSession(new SoakWorkspace(dir, new Dictionary<string, string?>()), dir, plan, journal,
        new SoakTally(settings));
    // The terminal's progress bar (Spectre.Console, redrawn as on a person's terminal), drawn into nothing.
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(TextWriter.Null),
    });
    await SoakProgress.RunAsync(plan, 0, terminal: true, TimeSpan.FromMinutes(5), progress =>
    {
        for (var k = 0; k < n; k++)
        {
            var slow = new EndpointResponse(200, status, 5 + k % 7, null);
            var sample = k % 50 == 49
                ? SampleJudge.Judge(k, t0.AddMinutes(k), new EndpointResponse(null, null, 10000,
                    "timed out after 10 s"),
                    new EndpointResponse(200, metrics, 3, null), new EndpointResponse(200, alerts, 2, null))
                : SampleJudge.Judge(k, t0.AddMinutes(k), slow, new EndpointResponse(200, metrics, 3, null),
                    new EndpointResponse(200, alerts, 2, null));
            session.Add(sample, orchestratorAlive: true);
            progress.Sampled(session.LastAdded!);
        }
        return Task.FromResult(0);
    });
    journal.Close();
    var verdict = SoakVerdict.Decide(plan, session.Tally, [], TimeSpan.FromMinutes(n), scriptVerdict: null);
    File.WriteAllText(Path.Combine(dir, SoakChart.FileName), SoakChart.Render(journal.Read(), verdict));
    count = verdict.Samples;
}
else
{
    var tally = SoakRunner.Replay(SoakPlan.Load(planPath), journal);
    count = tally.Samples;
}
var ms = watch.Elapsed.TotalMilliseconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
var kib = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{mode} {count} {ms:0} {cpu:0} {ms * 1000 / count:0.0} {kib / 1024.0:0.0} {JitInfo.GetCompiledMethodCount()} "
    + $"{JitInfo.GetCompilationTime().TotalMilliseconds:0}"));
