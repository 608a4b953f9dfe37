namespace Soak;

/// <summary>
/// One soak's state while an engine runs: the plan, the journal and the samples so far. Engines add samples through
/// <see cref="Add"/>, which journals each one before anything else sees it.
/// </summary>
public sealed class SoakSession
{
    private readonly List<SoakSampleRecord> _samples;

    public SoakSession(SoakWorkspace workspace, string evidenceDir, SoakPlan plan, SamplesJournal journal, IReadOnlyList<SoakSampleRecord> samples)
    {
        Workspace = workspace;
        EvidenceDir = evidenceDir;
        Plan = plan;
        Journal = journal;
        _samples = [.. samples];
    }

    public SoakWorkspace Workspace { get; }
    public string EvidenceDir { get; }
    public SoakPlan Plan { get; private set; }
    public SamplesJournal Journal { get; }
    public IReadOnlyList<SoakSampleRecord> Samples => _samples;
    public int Next => _samples.Count;
    public int Remaining => Plan.ExpectedSamples - _samples.Count;
    public string PlanPath => Path.Combine(EvidenceDir, SoakPlan.FileName);

    /// <summary>Sampling (re)starts now: the first segment's clock starts, or a resume opens a new segment at the next index.</summary>
    public void BeginSegment(DateTimeOffset now)
    {
        Plan = _samples.Count == 0 && Plan.Segments.Count == 1 ? Plan.StartingAt(now) : Plan.Resumed(now, _samples.Count);
        Plan.Save(PlanPath);
    }

    /// <summary>Journals the sample and returns why the soak must stop now, if it must.</summary>
    public string? Add(SoakSampleRecord sample)
    {
        if (sample.K != _samples.Count) throw new InvalidOperationException($"sample k={sample.K} added where k={_samples.Count} was due");
        Journal.Append(sample);
        _samples.Add(sample);
        return SoakRules.StopReason(_samples, Plan.MaxConsecutiveErrors);
    }
}

/// <summary>What an engine reports besides its samples: its own problems (boot, deadline, stall) and the script's verdict, if any.</summary>
public sealed record EngineReport(IReadOnlyList<string> Problems, string? ScriptVerdict = null);
