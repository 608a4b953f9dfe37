namespace Engine;

/// <summary>One step of a job: an action with its inputs, or a shell command.</summary>
internal sealed record GitHubStep(string Name, string? Uses = null,
    IReadOnlyList<(string Key, string Value)>? With = null,
    string? Run = null, IReadOnlyList<(string Key, string Value)>? Env = null, string? If = null);
