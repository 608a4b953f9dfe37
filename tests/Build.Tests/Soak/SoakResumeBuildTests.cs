using System.Text.Json;
using Build.Tests.Release;
using Build.Tests.Support;
using CliWrap;
using global::Soak;
using Tests.Shared;

namespace Build.Tests.Soak;

/// <summary>
/// ./build.sh Soak end to end on a sandbox: interrupted half-way, then resumed with --continue. The test never holds
/// the port lock itself; the build inside takes it.
/// </summary>
[TestFixture, Parallelizable]
public sealed class SoakResumeBuildTests
{
    private static readonly string[] Args = ["Soak", "--skip", "--soak-max-samples", "12", "--soak-interval-secs", "1"];

    [Test]
    public async Task An_interrupted_soak_resumes_with_continue_into_one_continuous_journal()
    {
        using var root = new ReleaseRoot();
        using var forceful = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        using var graceful = new CancellationTokenSource();
        var output = new System.Text.StringBuilder();
        CommandTask<CommandResult>? first = null;
        string? journal = null;
        // Two builds of build/ at the same moment can fail the bootstrap step (shared .nuke/temp); such an attempt
        // never reached a target.
        for (var attempt = 0; attempt < 3 && journal is null; attempt++)
        {
            output.Clear();
            first = BuildSh.In(root.Network, [.. Args, "--root", root.Path, "--no-logo"])
                .WithEnvironmentVariables(e => e.Set("VVTV_SIM_FAULTS", null).Set("GITHUB_ACTIONS", null))
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
                .ExecuteAsync(forceful.Token, graceful.Token);
            // Interrupt (SIGINT, as Ctrl-C or a cancelled CI job) once about half of the samples are in.
            while (!first.Task.IsCompleted)
            {
                journal ??= Directory.Exists(root.Artifacts)
                    ? Directory.EnumerateFiles(root.Artifacts, SamplesJournal.FileName, SearchOption.AllDirectories)
                        .FirstOrDefault()
                    : null;
                if (journal is not null && new SamplesJournal(journal).Load().Count >= 5) break;
                await Task.Delay(200);
            }
            if (journal is null && output.ToString().Contains("═══ Soak")) break;
        }
        Assert.That(journal, Is.Not.Null, $"the first attempt never journaled a sample:\n{output}");
        graceful.Cancel();
        try { await first!; } catch (OperationCanceledException) { }
        var runDir = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(journal)))!;
        Assert.That(await Processes.SettleAsync(root.Path), Is.Empty, "the interrupted build left processes behind");
        var before = new SamplesJournal(journal!).Load().Count;
        Assert.That(before, Is.InRange(5, 11));
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(journal)!, SoakVerdict.FileName)), Is.False);

        var resumed = await root.BuildAsync(new Dictionary<string, string?>(), [.. Args, "--continue"]);
        for (var attempt = 0; attempt < 2 && resumed.ExitCode != 0
            && !resumed.StandardOutput.Contains("═══ Soak"); attempt++)
            resumed = await root.BuildAsync(new Dictionary<string, string?>(), [.. Args, "--continue"]);

        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.StandardOutput + resumed.StandardError);
        Assert.That(resumed.StandardOutput,
            Does.Contain($"Resuming the unfinished soak").And.Contain($"{before}/12 samples taken"));
        Assert.That(Directory.GetDirectories(Path.Combine(root.Artifacts, "runs")), Is.EqualTo(new[] { runDir }),
            "--continue reopens the same run");
        var samples = new SamplesJournal(journal!).Load();
        Assert.That(samples.Select(s => s.K), Is.EqualTo(Enumerable.Range(0, 12)));
        Assert.That(samples.Zip(samples.Skip(1)).All(p => p.First.T < p.Second.T), "sample times only move forward");
        var verdict = SoakVerdict.Load(Path.Combine(Path.GetDirectoryName(journal)!, SoakVerdict.FileName));
        Assert.That(verdict.Passed, verdict.Summary);
        Assert.That(verdict.Segments, Is.EqualTo(2));
        using var decision = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "decision.json")));
        var soakItems = decision.RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("id").GetString()!.StartsWith("soak.", StringComparison.Ordinal))
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("status").GetString());
        Assert.That(soakItems, Is.EqualTo(new Dictionary<string, string?> { ["soak.run"] = "Pass",
            ["soak.verdict"] = "Pass", ["soak.artifacts"] = "Pass" }));
        Assert.That(await Processes.SettleAsync(root.Path), Is.Empty);
    }
}
