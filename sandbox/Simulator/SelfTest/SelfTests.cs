namespace Simulator.SelfTest;

/// <summary>placeholder</summary>
public static class SelfTests { public static int Run(string[] args) => 0; }
