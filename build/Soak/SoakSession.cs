namespace Soak;

/// <summary>
/// One soak's state while an engine runs: the plan, the journal and the running judgement of the samples so far (never
/// the samples themselves, so memory stays flat however long the soak). Engines add samples through <see cref="Add"/>,
/// which journals each one before anything else sees it.
/// </summary>
public sealed class SoakSession
{
    public SoakSession(SoakWorkspace workspace, string evidenceDir, SoakPlan plan, SamplesJournal journal,
        SoakTally tally)
    {
        Workspace = workspace;
        EvidenceDir = evidenceDir;
        Plan = plan;
        Journal = journal;
        Tally = tally;
    }

    public SoakWorkspace Workspace { get; }
    public string EvidenceDir { get; }
    public SoakPlan Plan { get; private set; }
    public SamplesJournal Journal { get; }
    public SoakTally Tally { get; }
    public int Next => Tally.Samples;
    public int Remaining => Plan.ExpectedSamples - Tally.Samples;
    public string PlanPath => Path.Combine(EvidenceDir, SoakPlan.FileName);

    /// <summary>The state db whose metric_samples show the metrics advancing.</summary>
    public string StateDb => Path.Combine(Workspace.Root, "runtime", "state", "vvtv.db");

    /// <summary>
    /// Sampling (re)starts now: the first segment's clock starts, or a resume opens a new segment at the next index.
    /// </summary>
    public void BeginSegment(DateTimeOffset now)
    {
        Plan = Next == 0 && Plan.Segments.Count == 1 ? Plan.StartingAt(now) : Plan.Resumed(now, Next);
        Plan.Save(PlanPath);
    }

    /// <summary>Adds what the soak watches beside the API (metric_samples, the orchestrator), journals the sample and
    /// returns why the soak must stop now, if it must.</summary>
    public string? Add(SoakSampleRecord sample, bool? orchestratorAlive)
    {
        if (sample.K != Next) throw new InvalidOperationException($"sample k={sample.K} added where k={Next} was due");
        // Read now, maybe seconds after the sample (the script's log is read late, a loaded machine is slow): the
        // sample is judged by the rows of its own time.
        var metrics = MetricSamplesReading.Read(StateDb, sample.T);
        sample = sample with
        {
            MetricRows = metrics?.Rows, MetricsNewest = metrics?.Newest, MetricsLagging = !metrics?.Matches(sample),
            OrchestratorAlive = orchestratorAlive,
        };
        if (orchestratorAlive == false && sample.Outcome != SampleOutcome.Failure)
            sample = sample with { Outcome = SampleOutcome.Failure };
        if (orchestratorAlive == false)
            sample = sample with { Reasons = [.. sample.Reasons, "the orchestrator the soak started is not running"] };
        Journal.Append(sample);
        LastAdded = sample;
        return Tally.Add(sample);
    }

    /// <summary>The sample last journaled, as journaled (for progress).</summary>
    public SoakSampleRecord? LastAdded { get; private set; }
}

/// <summary>
/// What an engine reports besides its samples: its own problems (boot, deadline, stall) and the script's verdict.
/// </summary>
public sealed record EngineReport(IReadOnlyList<string> Problems, string? ScriptVerdict = null);
