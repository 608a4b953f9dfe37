using Octokit;
using Polly;
using Serilog;

namespace Publishing;

/// <summary>The whole state of one publish, handed from pipe to pipe.</summary>
public sealed class PublishContext(PublishRequest request, GitHubClient client, HttpClient http,
    ResiliencePipeline retry,
    ILogger log, CancellationToken cancel)
{
    /// <summary>What to publish.</summary>
    public PublishRequest Request { get; } = request;
    /// <summary>Octokit client for the API.</summary>
    public GitHubClient Client { get; } = client;
    /// <summary>Plain client for asset downloads (follows the redirect to the download host).</summary>
    public HttpClient Http { get; } = http;
    /// <summary>Log of the publish; never given the token.</summary>
    public ILogger Log { get; } = log;
    /// <summary>Cancels the whole publish.</summary>
    public CancellationToken Cancel { get; } = cancel;
    /// <summary>Repository owner.</summary>
    public string Owner { get; } = request.OwnerAndName().Owner;
    /// <summary>Repository name.</summary>
    public string Repo { get; } = request.OwnerAndName().Name;

    /// <summary>Local assets with their digests.</summary>
    public required IReadOnlyList<AssetFile> Assets { get; init; }
    /// <summary>Release body after cutting.</summary>
    public required string Body { get; init; }
    /// <summary>True when the notes were cut.</summary>
    public required bool NotesCut { get; init; }

    /// <summary>The release being published, once found or created.</summary>
    public Release? Release { get; set; }
    /// <summary>True when this run created the release.</summary>
    public bool Created { get; set; }
    /// <summary>True when this run edited the release (published it or changed its notes).</summary>
    public bool Edited { get; set; }
    /// <summary>Assets not yet on the release.</summary>
    public List<AssetFile> ToUpload { get; } = [];
    /// <summary>Assets already there with the same bytes.</summary>
    public List<string> Unchanged { get; } = [];
    /// <summary>Assets there with other bytes, to delete and upload again.</summary>
    public List<(AssetFile Local, ReleaseAsset Remote)> ToReplace { get; } = [];

    /// <summary>
    /// Runs <paramref name="call"/> under the transient-failure retry policy. Cancelling ends the wait even for a call
    /// that takes no token (Octokit's API calls), so Ctrl-C never waits out a hanging GitHub.
    /// </summary>
    public async Task<T> Retry<T>(Func<CancellationToken, Task<T>> call) =>
        await retry.ExecuteAsync(async ct => await call(ct).WaitAsync(ct), Cancel);

    /// <summary>The release, failing clearly if a pipe runs before it is known.</summary>
    public Release RequireRelease() => Release
        ?? throw new InvalidOperationException("No release yet: the release pipe must run first.");
}
