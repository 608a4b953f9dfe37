using Octokit;

namespace Publishing;

/// <summary>Uploads new assets and replaces changed ones, each attempt on a fresh file stream.</summary>
public sealed class UploadAssetsPipe : IPublishPipe
{
    /// <inheritdoc />
    public string Name => "upload assets";

    /// <inheritdoc />
    public string? SkipReason(PublishContext ctx) =>
        ctx.ToUpload.Count == 0 && ctx.ToReplace.Count == 0 ? "every asset is already there with the same sha256"
            : null;

    /// <inheritdoc />
    public async Task RunAsync(PublishContext ctx)
    {
        var release = ctx.RequireRelease();
        foreach (var (local, remote) in ctx.ToReplace)
        {
            ctx.Log.Information("Replacing asset {Name} of {Tag}", local.Name, ctx.Request.Tag);
            await ctx.Retry(async _ => { await ctx.Client.Repository.Release.DeleteAsset(ctx.Owner, ctx.Repo,
                remote.Id); return true; });
            await UploadAsync(ctx, release, local);
        }
        foreach (var asset in ctx.ToUpload) await UploadAsync(ctx, release, asset);
    }

    private static async Task UploadAsync(PublishContext ctx, Release release, AssetFile asset)
    {
        var attempt = 0;
        await ctx.Retry(async ct =>
        {
            attempt++;
            // A fresh stream per attempt: a failed attempt may have consumed the previous one.
            await using var stream = new FileStream(asset.Path, System.IO.FileMode.Open, FileAccess.Read,
                FileShare.Read, 1 << 20);
            try
            {
                ctx.Log.Information("Uploading {Name} ({Size} bytes), attempt {Attempt}", asset.Name, asset.Size,
                    attempt);
                return await ctx.Client.Repository.Release.UploadAsset(release,
                    new ReleaseAssetUpload(asset.Name, asset.ContentType, stream, ctx.Request.UploadTimeout), ct);
            }
            catch (ApiValidationException ex) when (ex.ApiError?.Errors?.Any(e => e.Code == "already_exists") == true)
            {
                // An earlier attempt may have been stored although its response was lost: look it up and compare.
                var remote = (await ctx.Client.Repository.Release.GetAllAssets(ctx.Owner, ctx.Repo, release.Id))
                    .FirstOrDefault(a => a.Name == asset.Name);
                if (remote is not null && await AssetContent.SameAsync(ctx, remote, asset))
                {
                    ctx.Log.Information("Asset {Name} was stored by an earlier attempt; content matches", asset.Name);
                    return remote;
                }
                if (remote is not null && attempt > 1)
                {
                    // The plan saw no such asset, so this one is what our own failed attempt left behind.
                    await ctx.Client.Repository.Release.DeleteAsset(ctx.Owner, ctx.Repo, remote.Id);
                    throw new RetryAttemptException($"deleted incomplete asset {asset.Name} left by a failed attempt");
                }
                throw new PublishException($"Asset {asset.Name} appeared on release {ctx.Request.Tag} while " +
                    $"uploading, with different content; another publisher may be running.", ex);
            }
        });
    }
}
