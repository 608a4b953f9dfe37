using Octokit;

namespace Publishing;

/// <summary>
/// Refuses a tag that already points at another commit than the verified one; then finds the release for the tag by
/// listing (get-by-tag hides drafts), else creates it as a draft on the verified commit.
/// </summary>
public sealed class FindOrCreateReleasePipe : IPublishPipe
{
    /// <inheritdoc />
    public string Name => "release";

    /// <inheritdoc />
    public string? SkipReason(PublishContext ctx) => null;

    /// <inheritdoc />
    public async Task RunAsync(PublishContext ctx)
    {
        var tag = ctx.Request.Tag;
        await CheckExistingTagAsync(ctx);
        var all = await ctx.Retry(_ => ctx.Client.Repository.Release.GetAll(ctx.Owner, ctx.Repo));
        var matches = all.Where(r => r.TagName == tag).OrderBy(r => r.Id).ToList();
        if (matches.Count > 1)
            ctx.Log.Warning("{Count} releases carry tag {Tag}; using the oldest ({Id})", matches.Count, tag,
                matches[0].Id);
        if (matches.Count > 0)
        {
            ctx.Release = matches[0];
            ctx.Log.Information("Reusing release {Id} for {Tag} (draft: {Draft})", ctx.Release.Id, tag,
                ctx.Release.Draft);
            return;
        }
        ctx.Release = await ctx.Retry(_ => ctx.Client.Repository.Release.Create(ctx.Owner, ctx.Repo,
            new NewRelease(tag)
            {
                Name = ctx.Request.ReleaseName, Body = ctx.Body, Draft = true,
                    TargetCommitish = ctx.Request.TargetCommitish,
                Prerelease = ctx.Request.Prerelease, MakeLatest = ctx.Request.Latest,
            }));
        ctx.Created = true;
        ctx.Log.Information("Created draft release {Id} for {Tag}", ctx.Release.Id, tag);
    }

    // GitHub creates a missing tag at target_commitish, but silently keeps an existing tag wherever it points.
    private static async Task CheckExistingTagAsync(PublishContext ctx)
    {
        var target = ctx.Request.TargetCommitish;
        if (target is null) return;
        Reference reference;
        try
        {
            reference = await ctx.Retry(_ => ctx.Client.Git.Reference.Get(ctx.Owner, ctx.Repo, "tags/" +
                ctx.Request.Tag));
        }
        catch (NotFoundException)
        {
            return;
        }
        var sha = reference.Object.Sha;
        // An annotated tag points at a tag object, which points at the commit.
        if (reference.Object.Type.StringValue == "tag")
            sha = (await ctx.Retry(_ => ctx.Client.Git.Tag.Get(ctx.Owner, ctx.Repo, sha))).Object.Sha;
        if (sha != target)
            throw new PublishException(
                $"Tag {ctx.Request.Tag} already exists in {ctx.Request.Repository} on commit {sha}, " +
                $"not on the verified VVTV commit {target}; nothing was published. Choose " +
                $"another " +
                "version, or delete the tag if it was made by mistake.");
    }
}
