using Engine;

/// <summary>Checklist section "Security and secrets".</summary>
interface ISecurity : IHazVvtvWorkspace
{
    Target Security => _ => _
        .Description("Security and secrets: production environment, non-dev secrets, Cloudflare credentials, " +
                     "signed-request auth")
        .DependsOn<ITest>(x => x.Test)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Security)))
        .Executes(ct => GateRun.ProveSectionAsync(Run, nameof(Security), ct, gate => new SecurityGate(gate)));
}
