using Checklist;

namespace Soak;

/// <summary>
/// Turns a finished soak into the checklist's evidence through the run's <see cref="ItemProver"/>: items soak.run,
/// soak.verdict, soak.artifacts, each recorded whatever the others say, and the No-Go findings.
/// </summary>
public static class SoakEvidence
{

    // Files of the soak folder that go into the evidence when present; the first four are the checklist's.
    private static readonly string[] FromSoakFolder =
        [.. SampleLogs.Names, "control-api.log", "orchestrator.log", "soak-script.log"];

    /// <summary>
    /// Records the three items and the findings; <see cref="ItemProver.Conclude"/> then fails the soak.
    /// </summary>
    public static void Record(ItemProver items, SoakResult result)
    {
        var store = items.Evidence;
        var target = items.Target;
        var plan = result.Plan;
        var v = result.Verdict;
        var dir = result.EvidenceDir;
        string Rel(string name) => Path.GetRelativePath(store.RunDir, Path.Combine(dir, name)).Replace('\\', '/');

        var copied = new List<string>();
        foreach (var name in FromSoakFolder.Where(n => File.Exists(Path.Combine(plan.OutDir, n))))
            copied.Add(store.CopyFromWorkspace(target, Path.Combine(plan.OutDir, name), name));
        var scriptSummary = Path.Combine(plan.OutDir, SummaryText.FileName);
        if (plan.Engine == SoakEngineKind.Script && File.Exists(scriptSummary))
            copied.Add(store.CopyFromWorkspace(target, scriptSummary, "script-summary.txt"));

        var own = new[]
            {
                SummaryText.FileName, SamplesJournal.FileName, SoakChart.FileName, SoakVerdict.FileName,
                SoakPlan.FileName,
            }
            .Where(n => File.Exists(Path.Combine(dir, n))).Select(Rel).ToList();
        var verdictFiles = own.Where(p => p.EndsWith(SoakVerdict.FileName) || p.EndsWith(SummaryText.FileName)
                                          || p.EndsWith(SamplesJournal.FileName)).ToArray();

        var runReason = result.RanToCompletion
            ? $"{v.Samples}/{v.ExpectedSamples} samples every {plan.IntervalSecs} s with the {Engine(plan)} engine, " +
              $"first to last {v.FirstToLastSecs} s, wall {v.WallSecs} s" +
              (plan.Segments.Count > 1 ? $", resumed {plan.Segments.Count - 1} time(s)" : "")
            : $"the {Engine(plan)} soak did not run its schedule: {v.Samples}/{v.ExpectedSamples} samples" +
              (result.EngineProblems.Count > 0 ? $"; {string.Join("; ", result.EngineProblems)}"
                  : v.Passed ? "" : $"; {string.Join("; ", v.Reasons)}");
        items.Record("soak.run", result.RanToCompletion, runReason, verdictFiles);
        items.Record("soak.verdict", v.Passed,
            result.VerdictEvidence, verdictFiles);

        var required = new[]
            { SummaryText.FileName, SamplesJournal.FileName, SoakChart.FileName, SoakVerdict.FileName };
        var missing = required.Where(n => !File.Exists(Path.Combine(dir, n)))
            .Concat(SampleLogs.Names.Where(n => !File.Exists(Path.Combine(store.EvidenceDir(target), n)))).ToList();
        items.Record("soak.artifacts", missing.Count == 0, missing.Count == 0
                ? "summary.txt, the three sample logs, samples.jsonl, the chart and the verdict are attached"
                : $"missing: {string.Join(", ", missing)}",
            [.. own, .. copied]);

        if (!v.Passed) items.NoGo(NoGoCause.Soak, v.Summary);
        if (v.StreamDisruptionObservations > 0)
            items.NoGo(NoGoCause.Stream, $"stream disruption in {v.StreamDisruptionObservations} soak sample(s), " +
                                         $"first {First(result, s => s.Disrupted)}");
        if (v.BlockingAlertObservations > 0)
            items.NoGo(NoGoCause.Alert, $"critical/high alert in {v.BlockingAlertObservations} soak sample(s): " +
                                        string.Join(", ", v.BlockingAlerts));
        if (v.BufferCriticalObservations > 0)
            items.NoGo(NoGoCause.Buffer, $"buffer below {SampleJudge.BufferCriticalMinutes} min in " +
                                         $"{v.BufferCriticalObservations} soak sample(s), " +
                                         $"first {First(result, s => s.BufferCritical)}");
    }

    private static string Engine(SoakPlan plan) => plan.Engine.ToString().ToLowerInvariant();

    private static string First(SoakResult result, Func<SoakSampleRecord, bool> which) =>
        result.Samples.First(which) is var s ? $"sample {s.K} at {SoakJson.Time(s.T)}" : "";
}
