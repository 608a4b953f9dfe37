using System.Text;

namespace Publishing;

/// <summary>
/// Signs files with an SSH key (<c>ssh-keygen -Y sign</c>, namespace <see cref="SshSignatures.Namespace"/>). The key is
/// a private key file, the private key text itself (written to a private temporary file for each signature and
/// deleted), or a public key (file or text) whose private half an ssh-agent holds (SSH_AUTH_SOCK).
/// </summary>
public sealed class SshSigner
{
    private readonly string? _keyFile;
    private readonly string? _keyText;
    private readonly string? _agentSocket;

    private SshSigner(string? keyFile, string? keyText, string? agentSocket)
    {
        (_keyFile, _keyText, _agentSocket) = (keyFile, keyText, agentSocket);
        var result = WithKey(key => SshKeygen.Run(["-l", "-f", key]));
        if (result.ExitCode != 0)
            throw new ArgumentException(
                $"the signing key is not an SSH key ssh-keygen can read: {SshKeygen.Why(result)}");
        Fingerprint = result.StandardOutput.Trim();
    }

    /// <summary>
    /// What ssh-keygen -l says of the key: bits, SHA256 fingerprint, comment, type. Never the key itself.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>
    /// A signer for <paramref name="keyOrPath"/>: a key file path, or the key text (private, or public with an agent).
    /// </summary>
    /// <remarks><paramref name="agentSocket"/> names the agent's socket; null uses SSH_AUTH_SOCK of the
    /// build.</remarks>
    public static SshSigner From(string keyOrPath, string? agentSocket = null)
    {
        if (string.IsNullOrWhiteSpace(keyOrPath)) throw new ArgumentException("the signing key is empty");
        var text = keyOrPath.Trim();
        if (text.Contains("PRIVATE KEY", StringComparison.Ordinal) || text.StartsWith("ssh-",
            StringComparison.Ordinal) ||
            text.StartsWith("ecdsa-", StringComparison.Ordinal) || text.StartsWith("sk-", StringComparison.Ordinal))
            return new SshSigner(null, text + "\n", agentSocket);
        if (!File.Exists(keyOrPath))
            throw new ArgumentException("the signing key is neither an existing key file nor an OpenSSH key text");
        return new SshSigner(Path.GetFullPath(keyOrPath), null, agentSocket);
    }

    /// <summary>
    /// Signs <paramref name="file"/> into <paramref name="file"/>.sig (armored SSH signature), replacing it atomically.
    /// </summary>
    public string Sign(string file)
    {
        var result = WithKey(key => SshKeygen.Run(["-Y", "sign", "-f", key, "-n", SshSignatures.Namespace], file,
            _agentSocket));
        if (result.ExitCode != 0 || !result.StandardOutput.Contains("BEGIN SSH SIGNATURE", StringComparison.Ordinal))
            throw new InvalidOperationException($"ssh-keygen could not sign {file}: {SshKeygen.Why(result)}");
        var signature = file + SshSignatures.Extension;
        var temp = $"{signature}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, result.StandardOutput, new UTF8Encoding(false));
        File.Move(temp, signature, overwrite: true);
        return signature;
    }

    /// <inheritdoc />
    public override string ToString() => $"SshSigner {{ {Fingerprint} }}";

    // Key text goes to a file only the build's user can read, in a folder of its own, and is deleted right after.
    private T WithKey<T>(Func<string, T> use)
    {
        if (_keyFile is not null) return use(_keyFile);
        var dir = Directory.CreateTempSubdirectory("vvtv-signing-");
        try
        {
            var isPrivate = _keyText!.Contains("PRIVATE KEY", StringComparison.Ordinal);
            var path = Path.Combine(dir.FullName, isPrivate ? "key" : "key.pub");
            using (var stream = new FileStream(path, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew, Access = FileAccess.Write,
                       UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                   }))
                stream.Write(Encoding.UTF8.GetBytes(_keyText));
            return use(path);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
