namespace Simulator.Common;

/// <summary>A failure that ends the program with `Error: &lt;message&gt;` on stderr and exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);
