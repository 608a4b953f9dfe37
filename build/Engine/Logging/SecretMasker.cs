using System.Text;

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

    private const string Mask4 = "****";

    /// <summary>The process-wide masker.</summary>
    public static SecretMasker Global { get; } = new();

    private volatile string[] _secrets = [];
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
        }
        Registered?.Invoke(secret);
    }

    /// <summary>True when the text holds a registered secret (as <see cref="Mask"/> would find it).</summary>
    public bool Reveals(string text) => Mask(text) != text;

    /// <summary>
    /// Raised once per new secret, before the code that registered it can print it (a host masks it too).
    /// </summary>
    public event Action<string>? Registered;

    /// <summary>Every secret registered so far.</summary>
    public IReadOnlyList<string> Known => _secrets;

    public string Mask(string text)
    {
        foreach (var s in _secrets)
        {
            if (!text.Contains(s, StringComparison.Ordinal)) continue;
            text = s.Length >= SubstringMinimum
                ? text.Replace(s, Mask4, StringComparison.Ordinal)
                : MaskTokens(text, s);
        }
        return text;
    }

    private static string MaskTokens(string text, string secret)
    {
        StringBuilder? masked = null;
        var copied = 0;
        for (var i = text.IndexOf(secret, StringComparison.Ordinal); i >= 0;
             i = text.IndexOf(secret, i + 1, StringComparison.Ordinal))
        {
            var end = i + secret.Length;
            if (i < copied || (i > 0 && IsWord(text[i - 1])) || (end < text.Length && IsWord(text[end]))) continue;
            masked ??= new StringBuilder(text.Length);
            masked.Append(text, copied, i - copied).Append(Mask4);
            copied = end;
        }
        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';
}
