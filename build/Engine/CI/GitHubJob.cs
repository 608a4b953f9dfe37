namespace Engine;

/// <summary>Settings of one job (or of every job of a workflow): runner, time limit, permissions, secrets, setup
/// steps, commands.</summary>
public sealed class GitHubJob
{
    internal string? Runner { get; private set; }
    internal int? Timeout { get; private set; }
    internal List<(string Scope, string Access)> Permissions { get; } = [];
    internal List<string> Secrets { get; } = [];
    internal List<(string Name, string Value)> Variables { get; } = [];
    internal List<GitHubStep> SetupSteps { get; } = [];
    internal List<string> Commands { get; } = [];
    internal List<GitHubStep> FinalSteps { get; } = [];
    internal List<(string Parameter, string Value)> Arguments { get; } = [];
    internal string? EnvironmentName { get; private set; }

    /// <summary>
    /// Runner label (<c>ubuntu-latest</c>) or an expression giving labels (<c>${{ fromJSON(vars.LABELS) }}</c>).
    /// </summary>
    public GitHubJob RunsOn(string runner)
    {
        if (string.IsNullOrWhiteSpace(runner)) throw new ArgumentException("runs-on: the runner label is empty",
            nameof(runner));
        Runner = runner;
        return this;
    }

    /// <summary>The job's <c>timeout-minutes</c>.</summary>
    public GitHubJob TimeoutMinutes(int minutes)
    {
        if (minutes <= 0) throw new ArgumentOutOfRangeException(nameof(minutes), minutes,
            "timeout-minutes must be positive");
        Timeout = minutes;
        return this;
    }

    /// <summary>A <c>permissions</c> entry of the job's token, e.g. <c>("contents", "write")</c>.</summary>
    public GitHubJob Permission(string scope, string access)
    {
        Permissions.Add((scope, access));
        return this;
    }

    /// <summary>Repository secrets handed to the build as environment variables of the same name.</summary>
    public GitHubJob ImportSecrets(params string[] names)
    {
        foreach (var name in names) Secrets.Add(GitHubNames.Variable(name, "secret"));
        return this;
    }

    /// <summary>A plain environment variable of the build step.</summary>
    public GitHubJob Env(string name, string value)
    {
        Variables.Add((GitHubNames.Variable(name, "environment variable"), value));
        return this;
    }

    /// <summary>An action run before the build, such as <c>actions/setup-node@v4</c>.</summary>
    public GitHubJob Uses(string action, params (string Key, string Value)[] with)
    {
        if (!action.Contains('@')) throw new ArgumentException($"uses: '{action}' has no @version; pin the action",
            nameof(action));
        SetupSteps.Add(new GitHubStep(action[..action.IndexOf('@')], Uses: action, With: with));
        return this;
    }

    /// <summary>A named action run before the build, such as a second <c>actions/checkout</c> into a folder.</summary>
    public GitHubJob UsesAs(string name, string action, params (string Key, string Value)[] with)
    {
        Uses(action, with);
        SetupSteps[^1] = SetupSteps[^1] with { Name = name };
        return this;
    }

    /// <summary>A named shell script run before the build, with its own environment.</summary>
    public GitHubJob Prepare(string name, string script, params (string Name, string Value)[] env)
    {
        if (string.IsNullOrWhiteSpace(script)) throw new ArgumentException($"step '{name}': the script is empty",
            nameof(script));
        SetupSteps.Add(new GitHubStep(name, Run: script, Env: env.Select(e => (GitHubNames.Variable(e.Name,
            "environment variable"), e.Value)).ToList()));
        return this;
    }

    /// <summary>A named action run after the build step succeeded, such as an attestation of what it
    /// produced.</summary>
    public GitHubJob UsesAfter(string name, string action, params (string Key, string Value)[] with)
    {
        if (!action.Contains('@')) throw new ArgumentException($"uses: '{action}' has no @version; pin the action",
            nameof(action));
        FinalSteps.Add(new GitHubStep(name, Uses: action, With: with));
        return this;
    }

    /// <summary>
    /// An argument of the build step: <paramref name="parameter"/> (the build's parameter name, checked at generation)
    /// with <paramref name="value"/>, a shell word such as <c>"$GITHUB_WORKSPACE/vvtv"</c> or
    /// <c>${{ github.run_id }}</c>.
    /// </summary>
    public GitHubJob Argument(string parameter, string value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"argument {parameter}: the value is empty",
            nameof(value));
        Arguments.Add((parameter, value));
        return this;
    }

    /// <summary>The GitHub environment the job runs in (its protection rules, such as required reviewers, gate the
    /// job).</summary>
    public GitHubJob InEnvironment(string name)
    {
        EnvironmentName = GitHubNames.Id(name, "environment name");
        return this;
    }

    /// <summary>A shell command; only for jobs that do not run a target.</summary>
    public GitHubJob Run(string command)
    {
        if (string.IsNullOrWhiteSpace(command)) throw new ArgumentException("run: the command is empty",
            nameof(command));
        Commands.Add(command);
        return this;
    }
}
