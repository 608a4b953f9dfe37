using Octokit;

namespace Publishing;

/// <summary>Turns the draft into a published release and brings its title and notes up to date.</summary>
public sealed class PublishReleasePipe : IPublishPipe
{
    /// <inheritdoc />
    public string Name => "publish";

    /// <inheritdoc />
    public string? SkipReason(PublishContext ctx)
    {
        var r = ctx.RequireRelease();
        return !r.Draft && r.Body == ctx.Body && r.Name == ctx.Request.ReleaseName
            && r.Prerelease == ctx.Request.Prerelease
            ? "already published with the same title, notes and prerelease flag"
            : null;
    }

    /// <inheritdoc />
    public async Task RunAsync(PublishContext ctx)
    {
        var update = new ReleaseUpdate
        {
            Draft = false, Body = ctx.Body, Name = ctx.Request.ReleaseName, TagName = ctx.Request.Tag,
            TargetCommitish = ctx.Request.TargetCommitish, Prerelease = ctx.Request.Prerelease,
                MakeLatest = ctx.Request.Latest,
        };
        ctx.Release = await ctx.Retry(_ => ctx.Client.Repository.Release.Edit(ctx.Owner, ctx.Repo,
            ctx.RequireRelease().Id, update));
        ctx.Edited = true;
        ctx.Log.Information("Published release {Tag} of {Repository}", ctx.Request.Tag, ctx.Request.Repository);
    }
}
