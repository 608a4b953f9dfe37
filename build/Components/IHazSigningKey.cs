using Engine;
using Publishing;

/// <summary>
/// The SSH key that signs each run's SHA256SUMS and the release's, and the allowed signers adoption checks against.
/// Without a key the run and the release are unsigned, and decision.md, report.html and the release notes say so.
/// </summary>
interface IHazSigningKey : INukeBuild
{
    [Parameter(
        "SSH key that signs runs and releases (ssh-keygen -Y sign): a private key file, the private key text, or a " +
        "public key (file or text) whose private half SSH_AUTH_SOCK's agent holds. Without it, nothing is " +
        "signed"), Secret]
    string? SigningKey => this.TryGetValue(() => SigningKey);

    [Parameter(
        "Whether the published release becomes GitHub's latest release: true, false or legacy (GitHub's own rule, by " +
        "date and semver). Pre-releases never do. Default: true")]
    string? MakeLatest => this.TryGetValue(() => MakeLatest);

    /// <summary>
    /// The signer of this build, or null (unsigned). Read once per build by whoever checkpoints or bundles.
    /// </summary>
    SshSigner? Signer => string.IsNullOrWhiteSpace(SigningKey) ? null : SshSigner.From(SigningKey);

    /// <summary>Why --signing-key or --make-latest cannot be used, naming the parameter; null when they can.</summary>
    string? SigningKeyProblem()
    {
        if (MakeLatest is { } latest && latest is not ("true" or "false" or "legacy"))
            return $"--make-latest '{latest}' must be true, false or legacy";
        if (string.IsNullOrWhiteSpace(SigningKey)) return null;
        try
        {
            _ = SshSigner.From(SigningKey);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"--signing-key cannot be used: {e.Message}";
        }
    }

    /// <summary>
    /// The repository's allowed signers (.signing/allowed_signers); configures nobody while it lists no key.
    /// </summary>
    AllowedSigners AllowedSigners => AllowedSigners.Load(RootDirectory / SshSignatures.AllowedSignersPath);
}
