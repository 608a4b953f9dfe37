using System.Net.Http.Headers;
using Octokit;
using Serilog;

namespace Publishing;

/// <summary>
/// Publishes a release through Octokit: find or create a draft, upload assets, publish, verify by download.
/// </summary>
public sealed class GitHubPublisher(PublishRequest request, ILogger? logger = null)
{
    /// <summary>The steps, in order; each can skip itself, so a re-run of the same bundle changes nothing.</summary>
    public static IReadOnlyList<IPublishPipe> Pipes { get; } =
        [new FindOrCreateReleasePipe(), new PlanAssetsPipe(), new UploadAssetsPipe(), new PublishReleasePipe(),
            new VerifyAssetsPipe()];

    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<GitHubPublisher>();

    /// <summary>Runs every pipe and reports what changed.</summary>
    public async Task<PublishResult> PublishAsync(CancellationToken cancel = default)
    {
        if (string.IsNullOrEmpty(request.Token))
            throw new ArgumentException("Publishing needs GITHUB_TOKEN; without it use the dry run (PublishPlan).");
        request.OwnerAndName();
        _ = request.ParsedVersion;
        _ = request.Latest;
        var assets = AssetFile.All(request.Assets);
        AssetFile.CheckAgainstChecksums(assets);
        AssetFile.CheckSignature(assets, request.Signers);
        var (body, cut) = ReleaseNotes.FitFor(request.Notes, assets);

        var client = new GitHubClient(new Octokit.ProductHeaderValue("vvtv-release"), request.ApiBaseUrl)
        {
            Credentials = new Credentials(request.Token, AuthenticationType.Bearer),
        };
        // Downloads follow GitHub's redirect to its storage host; HttpClient drops Authorization on that hop.
        using var http = new HttpClient { Timeout = request.UploadTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("vvtv-release", "1"));
        var ctx = new PublishContext(request, client, http, TransientRetry.Create(request, _log, cancel), _log, cancel)
        {
            Assets = assets, Body = body, NotesCut = cut,
        };

        foreach (var pipe in Pipes)
        {
            cancel.ThrowIfCancellationRequested();
            if (pipe.SkipReason(ctx) is { } reason)
            {
                _log.Information("Publish step {Step} skipped: {Reason}", pipe.Name, reason);
                continue;
            }
            _log.Information("Publish step {Step}", pipe.Name);
            try
            {
                await pipe.RunAsync(ctx);
            }
            catch (HttpRequestException e) when (!cancel.IsCancellationRequested)
            {
                throw Unreachable(e);
            }
            catch (TaskCanceledException e) when (!cancel.IsCancellationRequested)
            {
                throw Unreachable(e);
            }
        }

        var release = ctx.RequireRelease();
        var result = new PublishResult(release.Id, release.HtmlUrl ?? "", ctx.Created, ctx.Edited,
            ctx.ToUpload.Select(a => a.Name).ToList(), ctx.Unchanged, ctx.ToReplace.Select(r => r.Local.Name)
                .ToList(), cut);
        _log.Information(
            "Release {Tag}: created {Created}, uploaded {Uploaded}, unchanged {Unchanged}, replaced {Replaced}",
            request.Tag, ctx.Created, result.Uploaded.Count, result.Unchanged.Count, result.Replaced.Count);
        return result;
    }

    // After the retries: say where, what and what to check, instead of a socket error and a stack trace.
    private PublishException Unreachable(Exception e) =>
        new($"GitHub did not answer at {request.ApiBaseUrl} while publishing {request.Tag} to {request.Repository} " +
            $"({e.GetBaseException().Message}). Check --github-api-url, the network or proxy between this machine " +
            $"and " +
            $"GitHub, and that {request.Repository} exists and GITHUB_TOKEN may write its releases; the bundle is " +
            "unchanged, so publishing again resumes.", e);
}
