using Soak;

/// <summary>
/// Checklist section "Soak run": the soak of the requested settings, then its items (run, verdict, attached
/// artifacts) and No-Go findings, recorded by <see cref="SoakEvidence"/> in checklist order.
/// </summary>
sealed class SoakGate(GateRun gate, SoakSettings soak, bool interactive) : IGate
{
    // An API an earlier stage left on the port would answer in place of the soak's own (D-P2, D-P3); without its
    // own, the soak samples the API already running at VVTV_API_URL.
    public bool FreesControlApiPort => soak.RunApi;

    public async Task CheckItemsAsync()
    {
        var result = await SoakRunner.RunAsync(new SoakWorkspace(gate.Run.Workspace, gate.Run.Environment), soak,
            gate.Run.Evidence.EvidenceDir(gate.Target), gate.Run.OutDir("soak"), interactive, gate.Ct);
        SoakEvidence.Record(gate.Items, result);
    }
}
