namespace Simulator.Orchestrator;

/// <summary>placeholder</summary>
public static class OrchestratorApp { public static Task<int> RunAsync(string[] args) => Task.FromResult(1); }
