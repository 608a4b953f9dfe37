namespace Engine;

/// <summary>Replaces registered secret values with <c>****</c>; one global instance feeds every sink and child-process
/// stream.</summary>
public sealed class SecretMasker
{
    /// <summary>The process-wide masker.</summary>
    public static SecretMasker Global { get; } = new();

    private volatile string[] _secrets = [];
    private readonly Lock _gate = new();

    /// <summary>Registers a value to mask; blank or very short values are ignored to keep logs readable.</summary>
    public void Register(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length < 3) return;
        lock (_gate)
        {
            if (_secrets.Contains(secret)) return;
            // Longest first so a secret containing another is masked whole.
            _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
        }
        Registered?.Invoke(secret);
    }

    /// <summary>Raised once per new secret, before the code that registered it can print it (a host masks it
    /// too).</summary>
    public event Action<string>? Registered;

    /// <summary>Every secret registered so far.</summary>
    public IReadOnlyList<string> Known => _secrets;

    public string Mask(string text)
    {
        foreach (var s in _secrets)
            if (text.Contains(s, StringComparison.Ordinal)) text = text.Replace(s, "****", StringComparison.Ordinal);
        return text;
    }
}
