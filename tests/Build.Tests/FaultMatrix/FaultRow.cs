namespace Build.Tests.FaultMatrix;

/// <summary>
/// One row of the fault matrix: what goes wrong, which targets run (always followed by Release, which must never
/// publish), the cause the decision must name, and the checklist item that must end Fail.
/// </summary>
/// <param name="Fault">A VVTV_SIM_FAULTS value, or the kill point's name.</param>
/// <param name="Targets">The targets and their parameters before "Release --skip".</param>
/// <param name="Cause">Text one of decision.json's reasons must contain: a No-Go cause such as "No-Go (buffer)", or the
/// failing check.</param>
/// <param name="FailingItem">The checklist item decision.json must record as Fail.</param>
public sealed record FaultRow(string Fault, string[] Targets, string Cause, string FailingItem)
{
    /// <summary>What happens while the build runs (a kill point); null for a sandbox fault, which the environment
    /// injects.</summary>
    public Func<FaultBuild, Task>? During { get; init; }

    /// <summary>Edits a checkout-mode copy of the sandbox workspace, which the run then releases with --vvtv-root; null
    /// runs on a sandbox copy.</summary>
    public Action<string>? EditCheckout { get; init; }

    /// <summary>True when the fault is a VVTV_SIM_FAULTS value the sandbox injects.</summary>
    public bool IsSandboxFault => During is null && EditCheckout is null;

    /// <summary>Why the row cannot pass yet (a guard the build lacks); null for a row that must pass.</summary>
    public string? Ignored { get; init; }

    /// <summary>
    /// The row on one sandbox flavour (`VVTV_SANDBOX_FLAVOUR`: faithful keeps VVTV's script defects, fixed does not).
    /// </summary>
    public TestCaseData Case(string flavour)
    {
        var targets = string.Join(' ', Targets.TakeWhile(t => !t.StartsWith('-')).DefaultIfEmpty("Release"));
        var data = new TestCaseData(this, flavour)
            .SetName($"{flavour} | {Fault} | {targets} | {Cause} | {FailingItem}");
        return Ignored is null ? data : data.Ignore(Ignored);
    }

    public override string ToString() => Fault;
}
