namespace Vvtv;

/// <summary>cargo test output: every "test result:" line must say ok (Appendix B), and there must be at least
/// one.</summary>
public static class LibtestOutput
{
    /// <summary>Empty when green; otherwise what is wrong.</summary>
    public static string? Problem(IEnumerable<string> lines)
    {
        var results = lines.Select(l => l.Trim()).Where(l => l.StartsWith("test result:", StringComparison.Ordinal))
            .ToList();
        if (results.Count == 0) return "no 'test result:' line in the output";
        var bad = results.Where(l => !l.StartsWith("test result: ok.", StringComparison.Ordinal)).ToList();
        return bad.Count == 0 ? null : $"{bad.Count} of {results.Count} 'test result:' lines are not ok: {bad[0]}";
    }

    /// <summary>Number of "test result:" lines.</summary>
    public static int ResultLines(IEnumerable<string> lines) =>
        lines.Count(l => l.Trim().StartsWith("test result:", StringComparison.Ordinal));
}
