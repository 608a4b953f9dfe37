using Octokit;

namespace Publishing;

/// <summary>Finds the release for the tag by listing (get-by-tag hides drafts), else creates it as a draft.</summary>
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
        var all = await ctx.Retry(_ => ctx.Client.Repository.Release.GetAll(ctx.Owner, ctx.Repo));
        var matches = all.Where(r => r.TagName == tag).OrderBy(r => r.Id).ToList();
        if (matches.Count > 1)
            ctx.Log.Warning("{Count} releases carry tag {Tag}; using the oldest ({Id})", matches.Count, tag, matches[0].Id);
        if (matches.Count > 0)
        {
            ctx.Release = matches[0];
            ctx.Log.Information("Reusing release {Id} for {Tag} (draft: {Draft})", ctx.Release.Id, tag, ctx.Release.Draft);
            return;
        }
        ctx.Release = await ctx.Retry(_ => ctx.Client.Repository.Release.Create(ctx.Owner, ctx.Repo,
            new NewRelease(tag) { Name = ctx.Request.ReleaseName, Body = ctx.Body, Draft = true }));
        ctx.Created = true;
        ctx.Log.Information("Created draft release {Id} for {Tag}", ctx.Release.Id, tag);
    }
}
