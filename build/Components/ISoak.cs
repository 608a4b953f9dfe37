using Engine;

/// <summary>Checklist section "Soak run".</summary>
interface ISoak : IHazVvtvWorkspace
{
    [Parameter("Soak length in hours (VVTV_SOAK_HOURS); 0 with --soak-max-samples N takes N samples. Default: 24 on a checkout, 0 on the sandbox")]
    double? SoakHours => this.TryGetValue<double?>(() => SoakHours);

    [Parameter("Seconds between soak samples (VVTV_SOAK_INTERVAL_SECS). Default: 60 on a checkout, 1 on the sandbox")]
    int? SoakIntervalSecs => this.TryGetValue<int?>(() => SoakIntervalSecs);

    [Parameter("Stop the soak after this many samples (VVTV_SOAK_MAX_SAMPLES); 0 means no limit. Default: 0 on a checkout, 5 on the sandbox")]
    int? SoakMaxSamples => this.TryGetValue<int?>(() => SoakMaxSamples);

    Target Soak => _ => _
        .Description("Soak run: samples status, metrics and alerts for the soak length and judges every sample")
        .DependsOn<IRunbook>(x => x.Runbook)
        .Executes(() => NotImplementedYet.Fail("Soak", "the soak engine is built by the soak issue"));
}
