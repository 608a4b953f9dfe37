namespace Engine;

/// <summary>How much the console shows (files always get everything).</summary>
public enum Verbosity { Quiet, Minimal, Normal, Verbose }
