using System.Text.RegularExpressions;

namespace Cloudflare;

/// <summary>Reads <c>wrangler d1 migrations list</c>, which prints a table of unapplied migrations or says there are
/// none (no --json exists).</summary>
public static partial class PendingMigrations
{
    /// <summary>The migration names in the table; empty when wrangler says none are left. Anything else is an
    /// error.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> output)
    {
        var lines = output.ToList();
        if (lines.Any(l => l.Contains("No migrations to apply", StringComparison.Ordinal))) return [];
        var names = lines.Select(l => TableCell().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .ToList();
        if (names.Count == 0 || !lines.Any(l => l.Contains("Migrations to be applied", StringComparison.Ordinal)))
            throw new WranglerException(
                "wrangler d1 migrations list printed neither 'No migrations to apply' nor a table of migrations: "
                + string.Join(" | ", lines.Where(l => l.Trim().Length > 0).TakeLast(6)));
        return names;
    }

    // One table row: │ 0001_init.sql │ (box-drawing or ASCII bars).
    [GeneratedRegex(@"^\s*[│|]\s*(\S+\.sql)\s*[│|]")]
    private static partial Regex TableCell();
}
