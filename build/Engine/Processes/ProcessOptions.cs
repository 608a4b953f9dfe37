using Serilog.Events;

namespace Engine;

/// <summary>How <see cref="ProcessExtensions.ExecuteGroupAsync"/> logs, captures and limits a child process.</summary>
public sealed record ProcessOptions
{
    /// <summary>Log level for output lines (Verbose keeps the console quiet; files still get them).</summary>
    public LogEventLevel OutputLevel { get; init; } = LogEventLevel.Verbose;
    /// <summary>Also append every (masked) output line to this file.</summary>
    public string? OutputFile { get; init; }
    public TimeSpan? Timeout { get; init; }
    /// <summary>Time between SIGTERM and SIGKILL when the group is stopped.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Name shown in log lines; defaults to the program name.</summary>
    public string? LogName { get; init; }

    /// <summary>Inherited variables the child does not get (exact names); variables set on the command stay.</summary>
    public IReadOnlyCollection<string> RemoveVariables { get; init; } = [];

    /// <summary>
    /// When set, the only inherited variables the child gets (exact names, e.g. PATH, HOME); variables set on the
    /// command itself always stay. Null inherits everything not removed otherwise.
    /// </summary>
    public IReadOnlyCollection<string>? AllowVariables { get; init; }

    /// <summary>
    /// The child does not get an inherited variable whose value holds a registered secret (every [Secret] parameter's
    /// value is registered before the first target), e.g. GITHUB_TOKEN. On by default (least privilege): a secret a
    /// child needs is passed on the command itself.
    /// </summary>
    public bool RemoveSecretVariables { get; init; } = true;

    public static ProcessOptions Default { get; } = new();
}

/// <summary>Outcome of a child process run.</summary>
public sealed record ProcessResult(
    int ExitCode, IReadOnlyList<string> StdOut, IReadOnlyList<string> StdErr, TimeSpan Duration, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
    public string Output => string.Join('\n', StdOut);
}
