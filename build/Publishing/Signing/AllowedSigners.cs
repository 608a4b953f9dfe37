namespace Publishing;

/// <summary>Outcome of checking one signature: verified (by whom) or why not.</summary>
public sealed record SignatureCheck(bool Verified, string Detail);

/// <summary>
/// The keys allowed to sign runs and releases (an OpenSSH allowed_signers file: "principal key-type key" per line).
/// A file that is missing, empty or only comments configures no signer; then signatures are not required.
/// </summary>
public sealed class AllowedSigners
{
    private AllowedSigners(string path, int count) => (Path, Count) = (path, count);

    /// <summary>Absolute path of the file.</summary>
    public string Path { get; }

    /// <summary>Number of signer lines.</summary>
    public int Count { get; }

    /// <summary>True when at least one signer is listed, so every adopted run and release must verify.</summary>
    public bool Configured => Count > 0;

    /// <summary>Reads the file (a missing file configures nobody).</summary>
    public static AllowedSigners Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var count = File.Exists(full)
            ? File.ReadLines(full).Count(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            : 0;
        return new AllowedSigners(full, count);
    }

    /// <summary>
    /// Checks <paramref name="file"/> against <paramref name="file"/>.sig: the signer must be listed here and the
    /// signature must be good for the file's current bytes in the namespace <see cref="SshSignatures.Namespace"/>.
    /// </summary>
    public SignatureCheck Verify(string file)
    {
        var signature = file + SshSignatures.Extension;
        var name = System.IO.Path.GetFileName(signature);
        if (!File.Exists(signature)) return new SignatureCheck(false,
            $"{name} is missing: the run or release is unsigned");
        if (!Configured) return new SignatureCheck(false, $"{Path} lists no signer");
        var found = SshKeygen.Run(["-Y", "find-principals", "-s", signature, "-f", Path]);
        var principal = found.StandardOutput.Split('\n',
            StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault();
        if (found.ExitCode != 0 || principal is null)
            return new SignatureCheck(false, $"{name} is not made by a key in {Path} ({SshKeygen.Why(found)})");
        var verified = SshKeygen.Run(
            ["-Y", "verify", "-f", Path, "-I", principal, "-n", SshSignatures.Namespace, "-s", signature], file);
        return verified.ExitCode == 0
            ? new SignatureCheck(true, $"signed by {principal}")
            : new SignatureCheck(false, $"{name} does not match {System.IO.Path.GetFileName(file)} " +
                                        $"(changed after signing?): {SshKeygen.Why(verified)}");
    }
}
