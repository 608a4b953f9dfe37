namespace Publishing;

/// <summary>Names shared by everything that writes or checks the build's SSH signatures.</summary>
public static class SshSignatures
{
    /// <summary>
    /// The signature namespace: a signature made for a release cannot be passed off as one for git or email.
    /// </summary>
    public const string Namespace = "vvtv-release";

    /// <summary>Suffix of a signature file: SHA256SUMS is signed as SHA256SUMS.sig.</summary>
    public const string Extension = ".sig";

    /// <summary>The allowed signers file in the repository, relative to its root.</summary>
    public const string AllowedSignersPath = ".signing/allowed_signers";
}
