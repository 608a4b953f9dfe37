namespace Engine;

/// <summary>Where the build runs; GitHubActions is detected from GITHUB_ACTIONS=true.</summary>
public enum Host { Terminal, GitHubActions }
