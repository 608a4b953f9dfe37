using Engine;
using Soak;
using Vvtv;

/// <summary>Checklist section "Soak run".</summary>
partial interface ISoak : IHazVvtvWorkspace
{
    [Parameter("Soak length in hours (VVTV_SOAK_HOURS); 0 with --soak-max-samples N takes N samples. Default: 24 on " +
               "a checkout, 0 on the sandbox")]
    double? SoakHours => this.TryGetValue<double?>(() => SoakHours);

    [Parameter("Seconds between soak samples (VVTV_SOAK_INTERVAL_SECS). Default: 60 on a checkout, 1 on the sandbox")]
    int? SoakIntervalSecs => this.TryGetValue<int?>(() => SoakIntervalSecs);

    [Parameter("Stop the soak after this many samples (VVTV_SOAK_MAX_SAMPLES); 0 means no limit. Default: 0 on a " +
               "checkout, 5 on the sandbox")]
    int? SoakMaxSamples => this.TryGetValue<int?>(() => SoakMaxSamples);

    [Parameter("Who takes the soak's samples: native (the build's fixed-schedule sampler) or script " +
               "(scripts/vvtv-soak.sh, watched and re-judged). Default: native")]
    SoakEngineKind SoakEngine => this.TryGetValue<SoakEngineKind?>(() => SoakEngine) ?? SoakEngineKind.Native;

    [Parameter("More consecutive soak samples that could not be measured (timeout, refused, bad code or body) than " +
               "this fail the soak. Default: 3")]
    int SoakMaxConsecutiveErrors => this.TryGetValue<int?>(() => SoakMaxConsecutiveErrors) ?? 3;

    [Parameter("Timeout of one soak request in seconds (never more than the interval). Default: 10")]
    double SoakRequestTimeoutSecs => this.TryGetValue<double?>(() => SoakRequestTimeoutSecs) ?? 10;

    [Parameter("Seconds the soak's control API may take to answer after it started (VVTV_SOAK_BOOT_TIMEOUT_SECS). " +
               "Default: 90 on a checkout, 30 on the sandbox")]
    int? SoakBootTimeoutSecs => this.TryGetValue<int?>(() => SoakBootTimeoutSecs);

    [Parameter("Seconds the script engine may run past the soak length plus the boot timeout before it is stopped. " +
               "Default: 60")]
    int SoakDeadlineGraceSecs => this.TryGetValue<int?>(() => SoakDeadlineGraceSecs) ?? 60;

    [Parameter("Start the soak's own control API (VVTV_SOAK_RUN_API); false samples the API already running at " +
               "VVTV_API_URL. Default: true")]
    bool SoakRunApi => this.TryGetValue<bool?>(() => SoakRunApi) ?? true;

    [Parameter("Start a continuous orchestrator for the soak (VVTV_SOAK_RUN_ORCH). Default: true")]
    bool SoakRunOrchestrator => this.TryGetValue<bool?>(() => SoakRunOrchestrator) ?? true;

    Target Soak => _ => _
        .Description("Soak run: samples status, metrics and alerts for the soak length and judges every sample")
        .DependsOn<IRunbook>(x => x.Runbook)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Soak)))
        .Executes(ct => GateRun.ProveSectionAsync(Run, nameof(Soak), ct,
            gate => new SoakGate(gate, Judged(RequestedSoak(Run.Profile, Run.ApiUrl)), IsLocalBuild)));

    /// <summary>What is wrong with the soak parameters for <paramref name="profile"/>, or null.</summary>
    string? SoakProblem(WorkspaceProfile profile)
    {
        if (!double.IsFinite(SoakRequestTimeoutSecs) || SoakRequestTimeoutSecs <= 0 || SoakRequestTimeoutSecs > 86_400)
            return $"--soak-request-timeout-secs must be a number of seconds above 0 and at most 86400, " +
                   $"got {SoakRequestTimeoutSecs}";
        try
        {
            var soak = Judged(RequestedSoak(profile, ControlApiAddress.DefaultUrl));
            soak.Validate();
            if (soak.Engine == SoakEngineKind.Script) _ = soak.Schedule.WholeHours;
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    // The profile's lengths (the checklist's 24 h at 60 s on a checkout, a short soak on the sandbox) unless given.
    private SoakSettings RequestedSoak(WorkspaceProfile profile, string apiUrl) => new()
    {
        Engine = SoakEngine,
        Schedule = SoakSchedule.Create(SoakHours ?? profile.SoakHours, SoakIntervalSecs ?? profile.SoakIntervalSecs,
            SoakMaxSamples ?? profile.SoakMaxSamples),
        MaxConsecutiveErrors = SoakMaxConsecutiveErrors,
        RequestTimeout = TimeSpan.FromSeconds(SoakRequestTimeoutSecs),
        BootTimeout = TimeSpan.FromSeconds(SoakBootTimeoutSecs ?? profile.SoakBootTimeoutSecs),
        DeadlineGrace = TimeSpan.FromSeconds(SoakDeadlineGraceSecs),
        RunApi = SoakRunApi,
        RunOrchestrator = SoakRunOrchestrator,
        ApiUrl = apiUrl,
    };
}
