using Engine;

/// <summary>Checklist section "Cloudflare integration".</summary>
interface ICloudflareVerify : IHazVvtvWorkspace
{
    Target CloudflareVerify => _ => _
        .Description("Cloudflare integration: D1 migration applied, Worker deployed, sync variables set, latest reports served")
        .DependsOn<IPromote>(x => x.Promote)
        .Executes(() => NotImplementedYet.Fail("CloudflareVerify", "the Cloudflare checks are built by the CloudflareVerify issue"));
}
