using Checklist;

namespace Build.Tests.FaultMatrix;

/// <summary>How one matrix run ended: exit code, output and the run's decision.json.</summary>
public sealed record FaultOutcome(int ExitCode, string Output, string RunDir, DecisionDocument Decision)
{
    public DecisionItem Item(string id) => Decision.Items.Single(i => i.Id == id);

    /// <summary>The last lines of the output, for assertion messages.</summary>
    public string Tail => string.Join('\n', Output.Split('\n').TakeLast(50));
}
