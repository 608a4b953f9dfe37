namespace Simulator.Admin;

/// <summary>placeholder</summary>
public static class AdminTool { public static int Run(string[] args) => 1; }
