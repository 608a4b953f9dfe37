using Engine;

/// <summary>Checklist section "Security and secrets".</summary>
interface ISecurity : IHazVvtvWorkspace
{
    Target Security => _ => _
        .Description("Security and secrets: production environment, non-dev secrets, Cloudflare credentials, signed-request auth")
        .DependsOn<ITest>(x => x.Test)
        .Executes(() => NotImplementedYet.Fail("Security", "the security items are proved by the gates issue"));
}
