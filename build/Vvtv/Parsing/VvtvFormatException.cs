namespace Vvtv;

/// <summary>
/// Raised when a VVTV file or response does not match what VVTV is documented to write; names the source, the line
/// and the problem.
/// </summary>
public sealed class VvtvFormatException : Exception
{
    public VvtvFormatException(string source, int? line, string problem, Exception? inner = null)
        : base(Format(source, line, problem), inner)
    {
        Origin = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file path or a description of where the text came from.</summary>
    public string Origin { get; }

    /// <summary>1-based line number, when the problem sits on one line.</summary>
    public int? Line { get; }

    /// <summary>What was wrong, without the location prefix.</summary>
    public string Problem { get; }

    private static string Format(string source, int? line, string problem) =>
        line is { } n ? $"{source}:{n}: {problem}" : $"{source}: {problem}";
}
