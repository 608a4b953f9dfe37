using System.Text;

namespace Publishing;

/// <summary>Where evidence goes inside the bundle: evidence/&lt;section&gt;/&lt;target&gt;/&lt;file&gt;.</summary>
public static class BundlePaths
{
    /// <summary>Bundle path for a file of <paramref name="target"/> proving items of checklist <paramref
    /// name="section"/>.</summary>
    /// <param name="section">Checklist section id prefix, e.g. "soak" (from "soak.verdict").</param>
    /// <param name="target">Producing target, e.g. "Soak".</param>
    /// <param name="relativeName">Path of the file below the target's evidence folder, '/'-separated.</param>
    public static string Evidence(string section, string target, string relativeName) =>
        string.Join('/', new[] { "evidence", Slug(section), Slug(target) }
            .Concat(relativeName.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Slug)));

    /// <summary>Section of a checklist item id: the part before the first dot.</summary>
    public static string SectionOf(string itemId) => itemId.Split('.', 2)[0];

    // Keeps names readable and safe for tar, sha256sum and URLs; anything else becomes '-'.
    private static string Slug(string part)
    {
        var s = new StringBuilder(part.Length);
        foreach (var c in part)
            s.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        var slug = s.ToString().Trim('.');
        return slug.Length == 0 ? "-" : slug;
    }
}
