using System.Text.RegularExpressions;

namespace Engine;

/// <summary>
/// Replaces registered secret values with <c>****</c>; one global instance feeds every sink and child-process stream.
/// Every non-blank secret is masked, whatever its length. A secret of four characters or more is masked wherever it
/// appears; a shorter one only where it stands as a whole token (not inside a longer word or number), so that a
/// one-letter secret hides the value without turning every "a" of the log into stars.
/// </summary>
public sealed class SecretMasker
{
    /// <summary>Secrets shorter than this are masked as whole tokens only.</summary>
    public const int SubstringMinimum = 4;

    /// <summary>The process-wide masker.</summary>
    public static SecretMasker Global { get; } = new();

    private volatile string[] _secrets = [];
    private volatile Regex? _shortTokens;
    private readonly Lock _gate = new();

    /// <summary>Registers a value to mask; blank values are ignored.</summary>
    public void Register(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret)) return;
        lock (_gate)
        {
            if (_secrets.Contains(secret)) return;
            // Longest first so a secret containing another is masked whole.
            _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
            var shorts = _secrets.Where(s => s.Length < SubstringMinimum).Select(Regex.Escape).ToList();
            _shortTokens = shorts.Count == 0 ? null
                : new Regex($@"(?<![\p{{L}}\p{{N}}_])(?:{string.Join('|', shorts)})(?![\p{{L}}\p{{N}}_])", RegexOptions.CultureInvariant);
        }
    }

    /// <summary>True when the text holds a registered secret (as <see cref="Mask"/> would find it).</summary>
    public bool Reveals(string text) => Mask(text) != text;

    public string Mask(string text)
    {
        foreach (var s in _secrets)
            if (s.Length >= SubstringMinimum && text.Contains(s, StringComparison.Ordinal))
                text = text.Replace(s, "****", StringComparison.Ordinal);
        return _shortTokens is { } r ? r.Replace(text, "****") : text;
    }
}
