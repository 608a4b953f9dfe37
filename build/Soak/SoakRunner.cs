using Engine;
using Serilog;

namespace Soak;

/// <summary>What a soak left behind: the verdict, the plan it ran, its samples and where its files are.</summary>
public sealed record SoakResult(SoakVerdict Verdict, SoakPlan Plan, IReadOnlyList<SoakSampleRecord> Samples, string EvidenceDir, bool Resumed)
{
    /// <summary>True when the engine took every sample the schedule asked for and reported no problem of its own.</summary>
    public bool RanToCompletion => Verdict.Samples == Verdict.ExpectedSamples && EngineProblems.Count == 0;

    public IReadOnlyList<string> EngineProblems { get; init; } = [];
}

/// <summary>
/// Runs one soak into an evidence folder: starts a fresh one, or resumes the unfinished one found there (a plan and samples.jsonl
/// without a verdict) with the plan it started with; then judges every sample and writes the verdict, the summary and the chart.
/// </summary>
public static class SoakRunner
{
    public static async Task<SoakResult> RunAsync(SoakWorkspace workspace, SoakSettings requested, string evidenceDir, string outDir, bool terminal, CancellationToken ct)
    {
        requested.Validate();
        Directory.CreateDirectory(evidenceDir);
        var planPath = Path.Combine(evidenceDir, SoakPlan.FileName);
        var verdictPath = Path.Combine(evidenceDir, SoakVerdict.FileName);
        var journal = new SamplesJournal(Path.Combine(evidenceDir, SamplesJournal.FileName));
        SoakPlan plan;
        IReadOnlyList<SoakSampleRecord> samples;
        var resumed = File.Exists(planPath) && !File.Exists(verdictPath);
        if (resumed)
        {
            plan = SoakPlan.Load(planPath);
            samples = journal.Load();
            if (!IsInside(workspace.Root, plan.OutDir)) plan = plan with { OutDir = outDir };
            Log.Information("Resuming the unfinished soak in {Dir:l}: {Done}/{Expected} samples taken, {Engine:l} engine, every {Interval} s",
                evidenceDir, samples.Count, plan.ExpectedSamples, plan.Engine.ToString().ToLowerInvariant(), plan.IntervalSecs);
            var now = requested with { ProgressEvery = TimeSpan.Zero };
            if (plan.Settings(TimeSpan.Zero) != now)
                Log.Warning("The soak keeps the plan it started with ({Schedule:l}, {Engine:l} engine); this command line's soak settings are not used",
                    plan.Settings(TimeSpan.Zero).Schedule.ToString(), plan.Engine.ToString().ToLowerInvariant());
        }
        else
        {
            foreach (var old in new[] { planPath, verdictPath, journal.Path, Path.Combine(evidenceDir, SoakChart.FileName), Path.Combine(evidenceDir, SummaryText.FileName) })
                File.Delete(old);
            plan = SoakPlan.Start(requested, outDir, DateTimeOffset.UtcNow);
            plan.Save(planPath);
            samples = [];
            Log.Information("Soak: {Schedule:l} with the {Engine:l} engine; samples in {Journal:l}", requested.Schedule.ToString(),
                plan.Engine.ToString().ToLowerInvariant(), journal.Path);
        }

        var session = new SoakSession(workspace, evidenceDir, plan, journal, samples);
        var report = new EngineReport([]);
        if (session.Remaining > 0)
        {
            report = await SoakProgress.RunAsync(session.Plan, session.Next, terminal, requested.ProgressEvery, progress => session.Plan.Engine switch
            {
                SoakEngineKind.Script => ScriptSoakEngine.RunAsync(session, progress, ct),
                _ => NativeSoakEngine.RunAsync(session, progress, ct),
            });
        }

        var wall = DateTimeOffset.UtcNow - session.Plan.Segments[0].StartedAt;
        var verdict = SoakVerdict.Decide(session.Plan, session.Samples, report.Problems, wall, report.ScriptVerdict);
        var summary = SummaryText.Format(verdict, session.Plan);
        if (session.Plan.Engine == SoakEngineKind.Native) Write(Path.Combine(session.Plan.OutDir, SummaryText.FileName), summary);
        Write(Path.Combine(evidenceDir, SummaryText.FileName), summary);
        Write(Path.Combine(evidenceDir, SoakChart.FileName), SoakChart.Render(session.Samples, verdict));
        Write(verdictPath, verdict.ToJson());
        (verdict.Passed ? (Action<string, string>)Log.Information : Log.Error)("{Verdict:l}", verdict.Summary);
        return new SoakResult(verdict, session.Plan, session.Samples, evidenceDir, resumed) { EngineProblems = report.Problems };
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, SecretMasker.Global.Mask(text));
    }

    private static bool IsInside(string root, string path)
    {
        var full = Path.GetFullPath(path);
        var r = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return full.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
