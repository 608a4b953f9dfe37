namespace Checklist;

/// <summary>Raised when a decision.json cannot be trusted: names the file and what was wrong.</summary>
public sealed class DecisionFormatException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    /// <summary>The decision file.</summary>
    public string Path { get; } = path;
}
