using Engine;
using Publishing;

/// <summary>
/// What the Release target was asked for, built once by the component from its parameters and the plan.
/// </summary>
public sealed record ReleaseRequest
{
    /// <summary>--release-version; null takes the workspace's git description, else its Cargo version.</summary>
    public string? Version { get; init; }

    /// <summary>--github-repository (owner/name); null takes the workspace's origin remote.</summary>
    public string? Repository { get; init; }

    public required string GithubApiUrl { get; init; }

    /// <summary>GITHUB_TOKEN (a secret); null is a dry run that writes publish-plan.json.</summary>
    public string? Token { get; init; }

    public bool ReplaceAssets { get; init; }

    /// <summary>--signing-key: signs the release's SHA256SUMS; null publishes it unsigned (and says so).</summary>
    public SshSigner? Signer { get; init; }

    /// <summary>The repository's allowed signers: with any configured, an unsigned release is refused.</summary>
    public AllowedSigners? Signers { get; init; }

    /// <summary>--make-latest: true, false or legacy.</summary>
    public string MakeLatest { get; init; } = "true";

    /// <summary>artifacts/release: the bundle goes to &lt;version&gt;/ in it.</summary>
    public required AbsolutePath ReleaseDirectory { get; init; }

    /// <summary>The gate targets that succeeded in this process.</summary>
    public required IReadOnlySet<string> RanHere { get; init; }

    /// <summary>Targets that ran in this process so far, for run-facts.json.</summary>
    public required IReadOnlyList<RunFacts.TargetRun> TargetsRan { get; init; }

    /// <summary>The gates' parameters (no secrets), for run-facts.json.</summary>
    public required IReadOnlyDictionary<string, string> GateParameters { get; init; }
}
