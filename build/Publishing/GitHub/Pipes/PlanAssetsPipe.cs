namespace Publishing;

/// <summary>Decides for every asset (upload, leave, replace) before touching any, so a conflict leaves the release as
/// it was.</summary>
public sealed class PlanAssetsPipe : IPublishPipe
{
    /// <inheritdoc />
    public string Name => "plan assets";

    /// <inheritdoc />
    public string? SkipReason(PublishContext ctx) => null;

    /// <inheritdoc />
    public async Task RunAsync(PublishContext ctx)
    {
        var release = ctx.RequireRelease();
        var existing = await ctx.Retry(_ => ctx.Client.Repository.Release.GetAllAssets(ctx.Owner, ctx.Repo,
            release.Id));
        var conflicts = new List<string>();
        foreach (var asset in ctx.Assets)
        {
            var remote = existing.FirstOrDefault(a => a.Name == asset.Name);
            if (remote is null) ctx.ToUpload.Add(asset);
            else if (await AssetContent.SameAsync(ctx, remote, asset)) ctx.Unchanged.Add(asset.Name);
            else if (ctx.Request.ReplaceAssets) ctx.ToReplace.Add((asset, remote));
            else conflicts.Add($"{asset.Name} (release has {remote.Size} bytes, local {asset.Size} bytes sha256 " +
                $"{asset.Sha256})");
        }
        if (conflicts.Count > 0)
            throw new PublishException($"Release {ctx.Request.Tag} in {ctx.Request.Repository} already has assets " +
                $"with different content: " +
                                       string.Join("; ", conflicts)
                                           + ". Re-run with --replace-assets to replace them.");
    }
}
