using Engine;

/// <summary>Checklist section "Security and secrets".</summary>
interface ISecurity : IHazVvtvWorkspace
{
    Target Security => _ => _
        .Description("Security and secrets: production environment, non-dev secrets, Cloudflare credentials, " +
                     "signed-request auth")
        .DependsOn<ITest>(x => x.Test)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Security)))
        .Executes(async ct =>
        {
            var gate = await GateRun.BeginAsync(Run, nameof(Security), ct);
            SecurityGate.ProductionEnvironment(gate);
            SecurityGate.NonDevSecrets(gate);
            SecurityGate.CloudflareCredentials(gate);
            await SecurityGate.SignedRequestAuthAsync(gate);
            gate.Conclude();
        });
}
