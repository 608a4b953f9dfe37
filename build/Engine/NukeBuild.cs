using System.Linq.Expressions;
using System.Runtime.InteropServices;

namespace Engine;

/// <summary>Base class of a build: targets are <see cref="Target"/> properties on it and on its component interfaces.</summary>
public abstract class NukeBuild : INukeBuild
{
    internal BuildContext? Context { get; set; }

    private BuildContext Ctx => Context ?? throw new InvalidOperationException("the build has not been started through Execute/BuildRunner");

    public AbsolutePath RootDirectory => Ctx.Root;
    public AbsolutePath TemporaryDirectory => Ctx.Root / ".nuke" / "temp";
    public bool IsLocalBuild => Host == Host.Terminal;
    public bool IsServerBuild => !IsLocalBuild;
    public Host Host => Ctx.Host;
    public CancellationToken CancellationToken => Ctx.Cancellation;
    public bool Continue => Ctx.Continue;
    public string InvocationKey => Ctx.InvocationKey;

    /// <summary>Targets in execution order with their outcome (filled while the build runs).</summary>
    public IReadOnlyList<TargetResult> ExecutionPlan => Ctx.Results;

    /// <summary>
    /// Called once parameters and plan are known, before <c>--plan</c> prints or any target runs: a
    /// <see cref="ParameterException"/> thrown here refuses the build with its message, nothing started.
    /// </summary>
    protected internal virtual void OnParametersRead() { }

    /// <summary>Called after parameters are injected, before the plan runs.</summary>
    protected internal virtual void OnBuildInitialized() { }

    /// <summary>Called after each target that ran (succeeded, failed or aborted), before the next one starts.</summary>
    protected internal virtual void OnTargetFinished(TargetResult target) { }

    /// <summary>Called after the last target, before the summary.</summary>
    protected internal virtual void OnBuildFinished() { }

    /// <summary>Entry point for Main: runs the build with the process's arguments and environment; returns the exit code.</summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new()
    {
        using var cts = new CancellationTokenSource();
        // Ctrl-C and SIGTERM only cancel: the runner still marks the target Aborted and runs assured targets.
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        var names = defaultTargets.Select(MemberName).ToArray();
        return BuildRunner.Run<T>(Environment.GetCommandLineArgs().Skip(1).ToArray(), env, root: null, Console.Out, cts.Token, names);
    }

    private static string MemberName<T>(Expression<Func<T, Target>> e) =>
        e.Body is MemberExpression m ? m.Member.Name : throw new ArgumentException($"default target must be a property access, got {e}");
}
