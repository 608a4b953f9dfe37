namespace Vvtv;

/// <summary>Options for a signed call; overrides let tests send deliberately wrong requests.</summary>
public sealed record SignedCallOptions
{
    /// <summary>Timestamp header to send instead of now (e.g. a stale one).</summary>
    public string? TimestampOverride { get; init; }

    /// <summary>Signature header to send instead of the computed one.</summary>
    public string? SignatureOverride { get; init; }

    /// <summary>Authorization header value to send instead of "Bearer &lt;token&gt;" (e.g. wrong case or
    /// spacing).</summary>
    public string? AuthorizationOverride { get; init; }

    /// <summary>Sign the body too: true for Worker ingest, false for the control API, which always signs an
    /// empty body.</summary>
    public bool SignBody { get; init; }

    /// <summary>Extra headers added as given.</summary>
    public IReadOnlyDictionary<string, string> ExtraHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Send no Authorization header.</summary>
    public bool OmitAuthorization { get; init; }

    /// <summary>Send neither x-vvtv-ts nor x-vvtv-signature.</summary>
    public bool OmitSignatureHeaders { get; init; }

    /// <summary>Request body text; the control API ignores it when verifying.</summary>
    public string Body { get; init; } = "";
}
