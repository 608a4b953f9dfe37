using Checklist;

namespace Soak;

/// <summary>Turns a finished soak into the checklist's evidence: items soak.run, soak.verdict, soak.artifacts and the No-Go findings.</summary>
public static class SoakEvidence
{
    private const string Target = "Soak";

    /// <summary>Files of the soak folder that go into the evidence when present; the first four are the checklist's.</summary>
    private static readonly string[] FromSoakFolder = [.. SampleLogs.Names, "control-api.log", "orchestrator.log", "soak-script.log"];

    public static void Record(EvidenceStore store, SoakResult result)
    {
        var plan = result.Plan;
        var v = result.Verdict;
        var dir = result.EvidenceDir;
        string Rel(string name) => Path.GetRelativePath(store.RunDir, Path.Combine(dir, name)).Replace('\\', '/');

        var copied = new List<string>();
        foreach (var name in FromSoakFolder.Where(n => File.Exists(Path.Combine(plan.OutDir, n))))
            copied.Add(store.CopyFromWorkspace(Target, Path.Combine(plan.OutDir, name), name));
        var scriptSummary = Path.Combine(plan.OutDir, SummaryText.FileName);
        if (plan.Engine == SoakEngineKind.Script && File.Exists(scriptSummary))
            copied.Add(store.CopyFromWorkspace(Target, scriptSummary, "script-summary.txt"));

        var own = new[] { SummaryText.FileName, SamplesJournal.FileName, SoakChart.FileName, SoakVerdict.FileName, SoakPlan.FileName }
            .Where(n => File.Exists(Path.Combine(dir, n))).Select(Rel).ToList();
        var verdictFiles = own.Where(p => p.EndsWith(SoakVerdict.FileName) || p.EndsWith(SummaryText.FileName) || p.EndsWith(SamplesJournal.FileName)).ToArray();

        var runReason = result.RanToCompletion
            ? $"{v.Samples}/{v.ExpectedSamples} samples every {plan.IntervalSecs} s with the {Engine(plan)} engine, first to last {v.FirstToLastSecs} s, wall {v.WallSecs} s" +
              (plan.Segments.Count > 1 ? $", resumed {plan.Segments.Count - 1} time(s)" : "")
            : $"the {Engine(plan)} soak did not run its schedule: {v.Samples}/{v.ExpectedSamples} samples" +
              (result.EngineProblems.Count > 0 ? $"; {string.Join("; ", result.EngineProblems)}" : v.Passed ? "" : $"; {string.Join("; ", v.Reasons)}");
        store.Record("soak.run", result.RanToCompletion ? ItemStatus.Pass : ItemStatus.Fail, runReason, Target, verdictFiles);
        store.Record("soak.verdict", v.Passed ? ItemStatus.Pass : ItemStatus.Fail,
            v.Passed ? $"verdict=PASS re-checked by the build: {v.Summary}" : v.Summary, Target, verdictFiles);

        var required = new[] { SummaryText.FileName, SamplesJournal.FileName, SoakChart.FileName, SoakVerdict.FileName };
        var missing = required.Where(n => !File.Exists(Path.Combine(dir, n)))
            .Concat(SampleLogs.Names.Where(n => !File.Exists(Path.Combine(store.EvidenceDir(Target), n)))).ToList();
        store.Record("soak.artifacts", missing.Count == 0 ? ItemStatus.Pass : ItemStatus.Fail,
            missing.Count == 0 ? "summary.txt, the three sample logs, samples.jsonl, the chart and the verdict are attached" : $"missing: {string.Join(", ", missing)}",
            Target, [.. own, .. copied]);

        if (!v.Passed) store.RaiseNoGo(NoGoCause.Soak, v.Summary, Target);
        if (v.StreamDisruptionObservations > 0)
            store.RaiseNoGo(NoGoCause.Stream, $"stream disruption in {v.StreamDisruptionObservations} soak sample(s), first {First(result, s => s.Disrupted)}", Target);
        if (v.BlockingAlertObservations > 0)
            store.RaiseNoGo(NoGoCause.Alert, $"critical/high alert in {v.BlockingAlertObservations} soak sample(s): {string.Join(", ", v.BlockingAlerts)}", Target);
        if (v.BufferCriticalObservations > 0)
            store.RaiseNoGo(NoGoCause.Buffer, $"buffer below {SampleJudge.BufferCriticalMinutes} min in {v.BufferCriticalObservations} soak sample(s), first {First(result, s => s.BufferCritical)}", Target);
    }

    private static string Engine(SoakPlan plan) => plan.Engine.ToString().ToLowerInvariant();

    private static string First(SoakResult result, Func<SoakSampleRecord, bool> which) =>
        result.Samples.First(which) is var s ? $"sample {s.K} at {SoakJson.Time(s.T)}" : "";
}
