using Engine;

/// <summary>Checklist section "Canary gate".</summary>
interface ICanary : IHazVvtvWorkspace
{
    [Parameter("Canary soak length in whole hours (VVTV_CANARY_SOAK_HOURS). Default: 1 on a checkout, 0 on the " +
               "sandbox")]
    double? CanarySoakHours => this.TryGetValue<double?>(() => CanarySoakHours);

    [Parameter("Seconds between canary soak samples (VVTV_CANARY_SOAK_INTERVAL_SECS). Default: 60 on a checkout, 1 " +
               "on the sandbox")]
    int? CanarySoakIntervalSecs => this.TryGetValue<int?>(() => CanarySoakIntervalSecs);

    [Parameter("Stop the canary soak after this many samples (VVTV_CANARY_SOAK_MAX_SAMPLES). Default: 0 on a " +
               "checkout, 3 on the sandbox")]
    int? CanarySoakMaxSamples => this.TryGetValue<int?>(() => CanarySoakMaxSamples);

    /// <summary>
    /// The canary's soak: the profile's lengths unless given; fails naming the parameter when unusable.
    /// </summary>
    CanarySoak RequestedCanarySoak(WorkspaceProfile profile) => CanarySoak.From(
        CanarySoakHours ?? profile.CanarySoakHours,
        CanarySoakIntervalSecs ?? profile.CanarySoakIntervalSecs,
        CanarySoakMaxSamples ?? profile.CanarySoakMaxSamples);

    Target Canary => _ => _
        .Description("Canary gate: runs the canary with rollback and auto-promote, checks its exit code, result.env " +
                     "and soak samples together")
        .DependsOn<ISoak>(x => x.Soak)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Canary)))
        .Executes(ct => GateRun.ProveSectionAsync(Run, nameof(Canary), ct,
            gate => new CanaryGate(gate, RequestedCanarySoak(Run.Profile))));
}
