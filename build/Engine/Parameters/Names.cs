using System.Text;

namespace Engine;

/// <summary>Name normalisation and suggestions shared by targets and parameters.</summary>
internal static class Names
{
    /// <summary>Lower-case, only letters and digits: "--Soak-Hours" and "SOAK_HOURS" both become "soakhours".</summary>
    public static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>"SoakHours" → "soak-hours".</summary>
    public static string Kebab(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])))) sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var n = Normalize(input);
        return candidates.Select(c => (c, d: Distance(n, Normalize(c)))).OrderBy(x => x.d)
            .Where(x => x.d <= Math.Max(3, n.Length / 2))
            .Select(x => x.c).FirstOrDefault();
    }

    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
