namespace Simulator.ControlApi;

/// <summary>One active alert: `code`, `severity`, `message` in that order.</summary>
public sealed record Alert(string Code, string Severity, string Message);
