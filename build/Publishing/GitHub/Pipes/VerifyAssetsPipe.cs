namespace Publishing;

/// <summary>Downloads every asset back and checks it against the local digest and the SHA256SUMS asset.</summary>
public sealed class VerifyAssetsPipe : IPublishPipe
{
    /// <inheritdoc />
    public string Name => "verify";

    /// <inheritdoc />
    public string? SkipReason(PublishContext ctx) => null;

    /// <inheritdoc />
    public async Task RunAsync(PublishContext ctx)
    {
        var release = ctx.RequireRelease();
        var remote = await ctx.Retry(_ => ctx.Client.Repository.Release.GetAllAssets(ctx.Owner, ctx.Repo, release.Id));
        var digests = new Dictionary<string, string>();
        foreach (var asset in ctx.Assets)
        {
            var r = remote.FirstOrDefault(a => a.Name == asset.Name)
                    ?? throw new PublishException($"Verification: asset {asset.Name} is missing from release " +
                        $"{ctx.Request.Tag}.");
            digests[asset.Name] = await AssetContent.Sha256Async(ctx, r);
            if (digests[asset.Name] != asset.Sha256)
                throw new PublishException($"Verification: downloaded {asset.Name} has sha256 {digests[asset.Name]}, " +
                    $"expected {asset.Sha256}.");
        }
        if (digests.TryGetValue(BundleBuilder.ChecksumsName, out _))
        {
            var sums = ctx.Assets.Single(a => a.Name == BundleBuilder.ChecksumsName);
            var listed = ChecksumFile.Parse(await File.ReadAllTextAsync(sums.Path, ctx.Cancel), sums.Path);
            foreach (var (name, digest) in digests)
                if (listed.TryGetValue(name, out var expected) && expected != digest)
                    throw new PublishException($"Verification: published {name} has sha256 {digest} but SHA256SUMS " +
                        $"lists {expected}.");
        }
        ctx.Log.Information("Verified {Count} downloaded assets of {Tag}", digests.Count, ctx.Request.Tag);
    }
}
