using Engine;

/// <summary>
/// Every rule a parameter must meet, checked before --plan prints or any target starts, each problem naming its
/// parameter: a value a later target would refuse (after a 24-hour soak, say) is refused in the first second.
/// </summary>
static class ParameterRules
{
    /// <summary>Every problem with the build's parameters; the checkout's checks fail with their own message.</summary>
    public static IEnumerable<string> Problems(Build build)
    {
        IHazVvtvWorkspace workspace = build;
        if (workspace.StepTimeoutSecs is { } step && step < 1)
            yield return $"--step-timeout-secs {step} must be at least 1";
        if (workspace.MaxEvidenceAge is { } age && age <= TimeSpan.Zero)
            yield return $"--max-evidence-age {age} must be longer than zero";
        if (workspace.EvidenceFrom is { } from && string.IsNullOrWhiteSpace(from))
            yield return "--evidence-from is empty: give a run id of artifacts/runs, a run folder or a folder of runs";
        if (workspace.ReleaseRunKey is { } key && ReleaseRunKeys.Problem(key) is { } keyProblem)
            yield return $"--release-run {keyProblem}";
        foreach (var problem in ((IRelease)build).ReleaseProblems()) yield return problem;
        if (workspace.SigningKeyProblem() is { } signing) yield return signing;
        if (((ICloudflareVerify)build).CloudflareD1State is { } state && string.IsNullOrWhiteSpace(state))
            yield return "--cloudflare-d1-state is empty: give the wrangler state folder (--persist-to) to read D1 " +
                         "from";

        // The lengths' defaults depend on the workspace: its profile checks --vvtv-root once, here.
        var profile = build.Profile;
        if (((ISoak)build).SoakProblem(profile) is { } soak) yield return soak;
        if (profile.IsSandbox && SimulatorFaultsProblem() is { } faults) yield return faults;
        ((ICanary)build).RequestedCanarySoak(profile);
    }

    // The sandbox's simulator refuses a bad list only when a step starts it, perhaps after a long wait; the same parser
    // refuses it here, before any target runs. A checkout has no simulator: the variable means nothing there.
    private static string? SimulatorFaultsProblem()
    {
        try
        {
            Simulator.Common.Faults.FromEnvironment();
            return null;
        }
        catch (Simulator.Common.CliException e)
        {
            return e.Message;
        }
    }
}
