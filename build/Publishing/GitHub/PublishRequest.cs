namespace Publishing;

/// <summary>What to publish and where; the token is a secret and is never written or logged.</summary>
public sealed record PublishRequest
{
    /// <summary>GitHub's limit on a release body.</summary>
    public const int NotesLimit = 125_000;

    /// <summary>"owner/name" of the repository.</summary>
    public required string Repository { get; init; }
    /// <summary>GitHub token; empty means dry run.</summary>
    public string? Token { get; init; }
    /// <summary>REST API base, e.g. https://api.github.com/ or https://host/api/v3/.</summary>
    public Uri ApiBaseUrl { get; init; } = new("https://api.github.com/");
    /// <summary>Release version without "v".</summary>
    public required string Version { get; init; }
    /// <summary>Release notes (decision.md); cut at <see cref="NotesLimit"/>.</summary>
    public required string Notes { get; init; }
    /// <summary>Files to attach; names must be unique. When notes are cut one must be named decision.md.</summary>
    public required IReadOnlyList<string> Assets { get; init; }
    /// <summary>Replace an existing asset whose content differs instead of failing.</summary>
    public bool ReplaceAssets { get; init; }
    /// <summary>Base delay of the exponential back-off between retries.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Retries after the first attempt of each call.</summary>
    public int MaxRetries { get; init; } = 6;
    /// <summary>Longest wait honoured from retry-after / x-ratelimit-reset.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Timeout of one upload attempt; large archives need minutes.</summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>
    /// The VVTV commit the evidence proves (from <see cref="ReleaseSource.TargetAsync"/>): the tag is created there and
    /// an existing tag elsewhere is refused. Null for sandbox evidence, which has no commit.
    /// </summary>
    public string? TargetCommitish { get; init; }
    /// <summary>
    /// Whether the release becomes the repository's latest: "true", "false" or "legacy" (GitHub's own rule).
    /// </summary>
    public string MakeLatest { get; init; } = "true";
    /// <summary>
    /// When configured, SHA256SUMS must carry a signature by one of these keys before anything is sent.
    /// </summary>
    public AllowedSigners? Signers { get; init; }

    /// <summary>The version, parsed (a clear error for anything that is not a plain semver).</summary>
    public ReleaseVersion ParsedVersion => ReleaseVersion.Parse(Version, "Release version");
    /// <summary>The release tag.</summary>
    public string Tag => "v" + Version;
    /// <summary>True for a semver pre-release, published as a GitHub prerelease (and never made latest).</summary>
    public bool Prerelease => ParsedVersion.IsPreRelease;

    /// <summary>Octokit's form of <see cref="MakeLatest"/>; pre-releases are never latest.</summary>
    public Octokit.MakeLatestQualifier Latest => Prerelease ? Octokit.MakeLatestQualifier.False : MakeLatest switch
    {
        "true" => Octokit.MakeLatestQualifier.True,
        "false" => Octokit.MakeLatestQualifier.False,
        "legacy" => Octokit.MakeLatestQualifier.Legacy,
        _ => throw new ArgumentException($"--make-latest '{MakeLatest}' is not true, false or legacy"),
    };
    /// <summary>The release title.</summary>
    public string ReleaseName => "VVTV " + Version;

    /// <summary>Owner and name parsed from <see cref="Repository"/>, with a clear error when malformed.</summary>
    public (string Owner, string Name) OwnerAndName()
    {
        var parts = Repository.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
            throw new ArgumentException($"GitHub repository '{Repository}' must be 'owner/name'.");
        return (parts[0], parts[1]);
    }

    /// <summary>Override printing so a stray log of the request never shows the token.</summary>
    public override string ToString() =>
        $"PublishRequest {{ Repository = {Repository}, ApiBaseUrl = {ApiBaseUrl}, Tag = {Tag}, Target = " +
        $"{TargetCommitish}, " +
        $"Assets = {Assets.Count}, Token = {(string.IsNullOrEmpty(Token) ? "none" : "***")} }}";
}

/// <summary>What a publish did.</summary>
public sealed record PublishResult(long ReleaseId, string HtmlUrl, bool ReleaseCreated, bool ReleaseEdited,
    IReadOnlyList<string> Uploaded, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Replaced, bool NotesCut)
{
    /// <summary>True when the run changed nothing on GitHub.</summary>
    public bool NothingChanged => !ReleaseCreated && !ReleaseEdited && Uploaded.Count == 0 && Replaced.Count == 0;
}

/// <summary>A publishing failure that needs a human, with the reason in the message.</summary>
public sealed class PublishException(string message, Exception? inner = null) : Exception(message, inner);
