namespace Engine;

/// <summary>
/// Declaration of one GitHub Actions workflow (NUKE's [GitHubActions] idea as a fluent value): triggers, job settings,
/// and either command jobs or one job per target of a plan, each running <c>./build.sh &lt;Target&gt; --skip</c>.
/// </summary>
public sealed class GitHubWorkflow
{
    /// <summary>File name without <c>.yml</c>, and the workflow's name.</summary>
    public string Name { get; }
    internal List<string> PushBranches { get; } = [];
    internal List<string> PushTags { get; } = [];
    internal bool Push { get; private set; }
    internal bool PullRequest { get; private set; }
    internal List<string> PullRequestBranches { get; } = [];
    internal List<WorkflowInput>? DispatchInputs { get; private set; }
    internal List<string> Schedules { get; } = [];
    internal List<(string Scope, string Access)> Permissions { get; } = [];
    internal GitHubJob Defaults { get; } = new();
    internal List<string> HandedOn { get; } = [];
    internal List<(string Id, GitHubJob Job)> CommandJobs { get; } = [];
    internal Func<object, Target>? InvokedTarget { get; private set; }
    internal List<(Func<object, Target> Target, Action<GitHubJob> Configure)> TargetJobs { get; } = [];
    internal List<Func<object, Target>> WithoutJobs { get; } = [];
    internal string BuildScript { get; private set; } = "./build.sh";
    internal (string Group, string CancelInProgress)? ConcurrencyGroup { get; private set; }

    public GitHubWorkflow(string name) => Name = GitHubNames.Id(name, "workflow name");

    /// <summary>Runs on pushes to the given branches (all branches when none).</summary>
    public GitHubWorkflow OnPush(params string[] branches)
    {
        Push = true;
        PushBranches.AddRange(branches);
        return this;
    }

    /// <summary>Runs on pushed tags matching the patterns (<c>v*</c>).</summary>
    public GitHubWorkflow OnPushTags(params string[] tags)
    {
        if (tags.Length == 0) throw new ArgumentException("OnPushTags needs at least one tag pattern", nameof(tags));
        PushTags.AddRange(tags);
        return this;
    }

    /// <summary>Runs on pull requests into the given branches (all branches when none).</summary>
    public GitHubWorkflow OnPullRequest(params string[] branches)
    {
        PullRequest = true;
        PullRequestBranches.AddRange(branches);
        return this;
    }

    /// <summary>Can be started by hand, with these inputs on the form.</summary>
    public GitHubWorkflow OnWorkflowDispatch(params WorkflowInput[] inputs)
    {
        DispatchInputs = [.. inputs];
        foreach (var input in inputs) GitHubNames.Id(input.Name, "workflow_dispatch input");
        return this;
    }

    /// <summary>Runs on a cron schedule (UTC).</summary>
    public GitHubWorkflow OnSchedule(string cron) { Schedules.Add(cron); return this; }

    /// <summary>A workflow-wide <c>permissions</c> entry of the token; jobs may widen their own.</summary>
    public GitHubWorkflow Permission(string scope, string access) { Permissions.Add((scope, access)); return this; }

    /// <summary>
    /// The workflow's <c>concurrency</c>: runs of one group never overlap; <paramref name="cancelInProgress"/>
    /// (<c>true</c>, <c>false</c> or an expression) says whether a new run cancels the running one or waits for it.
    /// </summary>
    public GitHubWorkflow Concurrency(string group, string cancelInProgress = "false")
    {
        if (string.IsNullOrWhiteSpace(group)) throw new ArgumentException("concurrency: the group is empty",
            nameof(group));
        ConcurrencyGroup = (group, cancelInProgress);
        return this;
    }

    /// <summary>Settings every job starts from; a job's own settings win (runner, timeout) or add up (secrets, steps,
    /// env).</summary>
    public GitHubWorkflow EveryJob(Action<GitHubJob> configure)
    {
        configure(Defaults);
        if (Defaults.Commands.Count > 0) throw new ArgumentException(
            "EveryJob: commands belong to a job, not to every job");
        return this;
    }

    /// <summary>Paths (relative to the root) each target job uploads and the jobs after it download, on top of each
    /// target's Produces.</summary>
    public GitHubWorkflow HandOn(params string[] paths) { HandedOn.AddRange(paths); return this; }

    /// <summary>Bootstrap script the target jobs call. Default: <c>./build.sh</c>.</summary>
    public GitHubWorkflow UsingScript(string script) { BuildScript = script; return this; }

    /// <summary>A job that runs shell commands rather than a target.</summary>
    public GitHubWorkflow Job(string id, Action<GitHubJob> configure)
    {
        var job = new GitHubJob();
        configure(job);
        if (job.Commands.Count == 0) throw new ArgumentException($"job {id}: no Run command");
        CommandJobs.Add((GitHubNames.Id(id, "job id"), job));
        return this;
    }

    /// <summary>One job per target in the plan of <paramref name="invoked"/>, in plan order, each needing the jobs of
    /// the targets before it.</summary>
    public GitHubWorkflow JobPerTarget<T>(Func<T, Target> invoked)
    {
        InvokedTarget = Component(invoked, nameof(JobPerTarget));
        return this;
    }

    /// <summary>Settings of the job that runs <paramref name="target"/> (see <see cref="JobPerTarget{T}"/>).</summary>
    public GitHubWorkflow Job<T>(Func<T, Target> target, Action<GitHubJob> configure)
    {
        TargetJobs.Add((Component(target, nameof(Job)), configure));
        return this;
    }

    /// <summary>
    /// A planned target that gets no job of its own, such as a cleanup that belongs to each job's own process;
    /// the jobs after it need the jobs before it instead.
    /// </summary>
    public GitHubWorkflow WithoutJob<T>(Func<T, Target> target)
    {
        WithoutJobs.Add(Component(target, nameof(WithoutJob)));
        return this;
    }

    private static Func<object, Target> Component<T>(Func<T, Target> target, string call) => build =>
        build is T component
            ? target(component)
            : throw new InvalidOperationException(
                $"{call}<{typeof(T).Name}>: the build does not implement {typeof(T).Name}");
}
