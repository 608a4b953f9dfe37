using Engine;
using Serilog;

namespace Soak;

/// <summary>
/// What a soak left behind: the verdict, the plan it ran, where its files are; the samples are read on demand.
/// </summary>
public sealed record SoakResult(SoakVerdict Verdict, SoakPlan Plan, SamplesJournal Journal, string EvidenceDir,
    bool Resumed)
{
    /// <summary>
    /// True when the engine took every sample the schedule asked for and reported no problem of its own.
    /// </summary>
    public bool RanToCompletion => Verdict.Samples == Verdict.ExpectedSamples && EngineProblems.Count == 0;

    public IReadOnlyList<string> EngineProblems { get; init; } = [];

    /// <summary>The samples, streamed from samples.jsonl (a 24-hour soak is never held in memory).</summary>
    public IEnumerable<SoakSampleRecord> Samples => Journal.Read();

    /// <summary>The evidence's words for the verdict, naming who sampled: the build (native) or the script.</summary>
    public string VerdictEvidence => Verdict.Passed
        ? Plan.Engine == SoakEngineKind.Script && Verdict.ScriptVerdict == "PASS"
            ? $"verdict=PASS from scripts/vvtv-soak.sh's summary.txt, re-checked by the build: {Verdict.Summary}"
            : $"PASS, sampled by the build (no script ran): {Verdict.Summary}"
        : Verdict.Summary;
}

/// <summary>
/// Runs one soak into an evidence folder: starts a fresh one, or resumes the unfinished one found there (a plan and
/// samples.jsonl without a verdict) with the plan it started with; then judges every sample and writes the verdict, the
/// build's summary and the chart. Only the script writes summary.txt into the soak's out dir.
/// </summary>
public static class SoakRunner
{
    public static async Task<SoakResult> RunAsync(SoakWorkspace workspace, SoakSettings requested, string evidenceDir,
        string outDir, bool terminal, CancellationToken ct)
    {
        requested.Validate();
        Directory.CreateDirectory(evidenceDir);
        var planPath = Path.Combine(evidenceDir, SoakPlan.FileName);
        var verdictPath = Path.Combine(evidenceDir, SoakVerdict.FileName);
        var journal = new SamplesJournal(Path.Combine(evidenceDir, SamplesJournal.FileName));
        SoakPlan plan;
        SoakTally tally;
        var resumed = File.Exists(planPath) && !File.Exists(verdictPath);
        if (resumed)
        {
            plan = SoakPlan.Load(planPath);
            tally = Replay(plan, journal);
            if (!IsInside(workspace.Root, plan.OutDir)) plan = plan with { OutDir = outDir };
            Log.Information("Resuming the unfinished soak in {Dir:l}: {Done}/{Expected} samples taken, "
                + "{Engine:l} engine, "
                + "every {Interval} s", evidenceDir, tally.Samples, plan.ExpectedSamples, Name(plan.Engine),
                    plan.IntervalSecs);
            if (plan.Settings != requested with { ProgressEvery = plan.Settings.ProgressEvery })
                Log.Warning("The soak keeps the plan it started with ({Schedule:l}, {Engine:l} engine); this "
                    + "command line's "
                    + "soak settings are not used", plan.Settings.Schedule.ToString(), Name(plan.Engine));
        }
        else
        {
            foreach (var old in new[] { planPath, verdictPath, journal.Path, Path.Combine(evidenceDir,
                SoakChart.FileName),
                         Path.Combine(evidenceDir, SummaryText.FileName) })
                File.Delete(old);
            plan = SoakPlan.Start(requested, outDir, DateTimeOffset.UtcNow);
            plan.Save(planPath);
            tally = new SoakTally(plan.Settings);
            Log.Information("Soak: {Schedule:l} with the {Engine:l} engine; samples in {Journal:l}",
                requested.Schedule.ToString(), Name(plan.Engine), journal.Path);
        }

        var session = new SoakSession(workspace, evidenceDir, plan, journal, tally);
        var report = new EngineReport([]);
        try
        {
            if (session.Remaining > 0)
            {
                report = await SoakProgress.RunAsync(session.Plan, session.Next, terminal, requested.ProgressEvery,
                    progress => session.Plan.Engine switch
                    {
                        SoakEngineKind.Script => ScriptSoakEngine.RunAsync(session, progress, ct),
                        _ => NativeSoakEngine.RunAsync(session, progress, ct),
                    });
            }
        }
        finally { journal.Close(); }

        var wall = DateTimeOffset.UtcNow - session.Plan.Segments[0].StartedAt;
        var verdict = SoakVerdict.Decide(session.Plan, tally, report.Problems, wall, report.ScriptVerdict);
        Write(Path.Combine(evidenceDir, SummaryText.FileName), SummaryText.Format(verdict, session.Plan));
        Write(Path.Combine(evidenceDir, SoakChart.FileName), SoakChart.Render(journal.Read(), verdict));
        Write(verdictPath, verdict.ToJson());
        (verdict.Passed ? (Action<string, string>)Log.Information : Log.Error)("{Verdict:l}", verdict.Summary);
        return new SoakResult(verdict, session.Plan, journal, evidenceDir,
            resumed) { EngineProblems = report.Problems };
    }

    /// <summary>
    /// Rebuilds the judgement of an unfinished soak by streaming its journal (flat memory, one pass).
    /// </summary>
    public static SoakTally Replay(SoakPlan plan, SamplesJournal journal)
    {
        var tally = new SoakTally(plan.Settings);
        foreach (var sample in journal.Read()) tally.Add(sample);
        return tally;
    }

    private static string Name(SoakEngineKind engine) => engine.ToString().ToLowerInvariant();

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
