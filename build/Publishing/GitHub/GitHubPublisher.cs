using System.Net.Http.Headers;
using Octokit;
using Polly;
using Serilog;

namespace Publishing;

/// <summary>Publishes a release through Octokit: find or create a draft, upload assets, publish, verify by download.</summary>
public sealed class GitHubPublisher(PublishRequest request, ILogger? logger = null)
{
    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<GitHubPublisher>();

    /// <summary>Runs every step; idempotent, so a re-run with the same bundle changes nothing.</summary>
    public async Task<PublishResult> PublishAsync(CancellationToken cancel = default)
    {
        if (string.IsNullOrEmpty(request.Token))
            throw new ArgumentException("Publishing needs GITHUB_TOKEN; without it use the dry run (PublishPlan).");
        var (owner, repo) = request.OwnerAndName();
        var assets = AssetFile.All(request.Assets);
        AssetFile.CheckAgainstChecksums(assets);
        var (body, cut) = ReleaseNotes.Fit(request.Notes);
        if (cut && assets.All(a => a.Name != BundleBuilder.DecisionName))
            throw new ArgumentException("Release notes are longer than 125,000 characters but no decision.md asset carries the full text.");

        var client = new GitHubClient(new Octokit.ProductHeaderValue("vvtv-release"), request.ApiBaseUrl)
        {
            Credentials = new Credentials(request.Token, AuthenticationType.Bearer),
        };
        using var http = new HttpClient { Timeout = request.UploadTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("vvtv-release", "1"));
        var retry = TransientRetry.Create(request, _log, cancel);
        var ctx = new Context(client, http, retry, owner, repo, cancel);

        // Step 1: find the release by listing (drafts are invisible to get-by-tag), else create a draft.
        var (release, created) = await FindOrCreateDraftAsync(ctx, body);

        // Step 2: decide for every asset before touching any, so a conflict fails without a half-updated release.
        var existing = await ctx.Retry(_ => ctx.Client.Repository.Release.GetAllAssets(owner, repo, release.Id));
        var uploads = new List<AssetFile>();
        var unchanged = new List<string>();
        var replace = new List<(AssetFile Local, ReleaseAsset Remote)>();
        var conflicts = new List<string>();
        foreach (var asset in assets)
        {
            var remote = existing.FirstOrDefault(a => a.Name == asset.Name);
            if (remote is null) uploads.Add(asset);
            else if (await SameContentAsync(ctx, remote, asset)) unchanged.Add(asset.Name);
            else if (request.ReplaceAssets) replace.Add((asset, remote));
            else conflicts.Add($"{asset.Name} (release has {remote.Size} bytes, local {asset.Size} bytes sha256 {asset.Sha256})");
        }
        if (conflicts.Count > 0)
            throw new PublishException($"Release {request.Tag} in {request.Repository} already has assets with different content: " +
                                       string.Join("; ", conflicts) + ". Re-run with --replace-assets to replace them.");

        // Step 3: upload new and replaced assets.
        foreach (var (local, remote) in replace)
        {
            _log.Information("Replacing asset {Name} of {Tag}", local.Name, request.Tag);
            await ctx.Retry(async _ => { await ctx.Client.Repository.Release.DeleteAsset(owner, repo, remote.Id); return true; });
            await UploadAsync(ctx, release, local);
        }
        foreach (var asset in uploads) await UploadAsync(ctx, release, asset);

        // Step 4: publish (and bring name and notes up to date) only when something differs.
        var edited = false;
        if (release.Draft || release.Body != body || release.Name != request.ReleaseName)
        {
            var update = new ReleaseUpdate { Draft = false, Body = body, Name = request.ReleaseName, TagName = request.Tag };
            release = await ctx.Retry(_ => ctx.Client.Repository.Release.Edit(owner, repo, release.Id, update));
            edited = true;
            _log.Information("Published release {Tag} of {Repository}", request.Tag, request.Repository);
        }

        // Step 5: download every asset back and compare with the local digests and the published SHA256SUMS.
        await VerifyAsync(ctx, release, assets);

        var result = new PublishResult(release.Id, release.HtmlUrl ?? "", created, edited,
            uploads.Select(a => a.Name).ToList(), unchanged, replace.Select(r => r.Local.Name).ToList(), cut);
        _log.Information("Release {Tag}: created {Created}, uploaded {Uploaded}, unchanged {Unchanged}, replaced {Replaced}",
            request.Tag, created, result.Uploaded.Count, unchanged.Count, result.Replaced.Count);
        return result;
    }

    private async Task<(Release Release, bool Created)> FindOrCreateDraftAsync(Context ctx, string body)
    {
        var all = await ctx.Retry(_ => ctx.Client.Repository.Release.GetAll(ctx.Owner, ctx.Repo));
        var matches = all.Where(r => r.TagName == request.Tag).OrderBy(r => r.Id).ToList();
        if (matches.Count > 1)
            _log.Warning("{Count} releases carry tag {Tag}; using the oldest ({Id})", matches.Count, request.Tag, matches[0].Id);
        if (matches.Count > 0)
        {
            _log.Information("Reusing release {Id} for {Tag} (draft: {Draft})", matches[0].Id, request.Tag, matches[0].Draft);
            return (matches[0], false);
        }
        var created = await ctx.Retry(_ => ctx.Client.Repository.Release.Create(ctx.Owner, ctx.Repo,
            new NewRelease(request.Tag) { Name = request.ReleaseName, Body = body, Draft = true }));
        _log.Information("Created draft release {Id} for {Tag}", created.Id, request.Tag);
        return (created, true);
    }

    private async Task UploadAsync(Context ctx, Release release, AssetFile asset)
    {
        var attempt = 0;
        await ctx.Retry(async ct =>
        {
            attempt++;
            // A fresh stream per attempt: a failed attempt may have consumed the previous one.
            await using var stream = new FileStream(asset.Path, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            try
            {
                _log.Information("Uploading {Name} ({Size} bytes), attempt {Attempt}", asset.Name, asset.Size, attempt);
                return await ctx.Client.Repository.Release.UploadAsset(release,
                    new ReleaseAssetUpload(asset.Name, asset.ContentType, stream, request.UploadTimeout), ct);
            }
            catch (ApiValidationException ex) when (ex.ApiError?.Errors?.Any(e => e.Code == "already_exists") == true)
            {
                // An earlier attempt may have been stored although its response was lost: look it up and compare.
                var remote = (await ctx.Client.Repository.Release.GetAllAssets(ctx.Owner, ctx.Repo, release.Id))
                    .FirstOrDefault(a => a.Name == asset.Name);
                if (remote is not null && await SameContentAsync(ctx, remote, asset))
                {
                    _log.Information("Asset {Name} was stored by an earlier attempt; content matches", asset.Name);
                    return remote;
                }
                if (remote is not null && attempt > 1)
                {
                    // We checked before uploading that no such asset existed, so this is our own broken attempt.
                    await ctx.Client.Repository.Release.DeleteAsset(ctx.Owner, ctx.Repo, remote.Id);
                    throw new RetryAttemptException($"deleted incomplete asset {asset.Name} left by a failed attempt");
                }
                throw new PublishException($"Asset {asset.Name} appeared on release {request.Tag} while uploading, with different content; another publisher may be running.", ex);
            }
        });
    }

    private async Task<bool> SameContentAsync(Context ctx, ReleaseAsset remote, AssetFile local)
    {
        // Size first (free), then the real bytes: labels or bodies could carry a digest, but only the bytes prove it.
        if (remote.Size != local.Size || remote.State is not (null or "uploaded")) return false;
        return await DownloadSha256Async(ctx, remote) == local.Sha256;
    }

    private async Task<string> DownloadSha256Async(Context ctx, ReleaseAsset remote) =>
        await ctx.Retry(async ct =>
        {
            using var msg = new HttpRequestMessage(HttpMethod.Get, remote.Url);
            msg.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
            using var response = await ctx.Http.SendAsync(msg, HttpCompletionOption.ResponseHeadersRead, ct);
            if ((int)response.StatusCode >= 500 || (int)response.StatusCode == 429)
                throw new HttpRequestException($"download of {remote.Name} returned {(int)response.StatusCode}");
            if (!response.IsSuccessStatusCode)
                throw new PublishException($"Downloading asset {remote.Name} from {remote.Url} failed with HTTP {(int)response.StatusCode}.");
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            return Sha256File.Compute(body);
        });

    private async Task VerifyAsync(Context ctx, Release release, IReadOnlyList<AssetFile> assets)
    {
        var remote = await ctx.Retry(_ => ctx.Client.Repository.Release.GetAllAssets(ctx.Owner, ctx.Repo, release.Id));
        var digests = new Dictionary<string, string>();
        foreach (var asset in assets)
        {
            var r = remote.FirstOrDefault(a => a.Name == asset.Name)
                    ?? throw new PublishException($"Verification: asset {asset.Name} is missing from release {request.Tag}.");
            digests[asset.Name] = await DownloadSha256Async(ctx, r);
            if (digests[asset.Name] != asset.Sha256)
                throw new PublishException($"Verification: downloaded {asset.Name} has sha256 {digests[asset.Name]}, expected {asset.Sha256}.");
        }
        var sums = assets.FirstOrDefault(a => a.Name == BundleBuilder.ChecksumsName);
        if (sums is null) return;
        var listed = ChecksumFile.Parse(await File.ReadAllTextAsync(sums.Path, ctx.Cancel), sums.Path);
        foreach (var (name, digest) in digests)
            if (listed.TryGetValue(name, out var expected) && expected != digest)
                throw new PublishException($"Verification: published {name} has sha256 {digest} but SHA256SUMS lists {expected}.");
        _log.Information("Verified {Count} downloaded assets of {Tag}", digests.Count, request.Tag);
    }

    private sealed record Context(GitHubClient Client, HttpClient Http, ResiliencePipeline Pipeline, string Owner, string Repo,
        CancellationToken Cancel)
    {
        public async Task<T> Retry<T>(Func<CancellationToken, Task<T>> call) =>
            await Pipeline.ExecuteAsync(async ct => await call(ct), Cancel);
    }
}
