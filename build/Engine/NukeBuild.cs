using System.Linq.Expressions;
using System.Runtime.InteropServices;

namespace Engine;

/// <summary>
/// Base class of a build: targets are <see cref="Target"/> properties on it and on its component interfaces.
/// </summary>
public abstract class NukeBuild : INukeBuild
{
    internal BuildContext? Context { get; set; }

    private BuildContext Ctx =>
        Context ?? throw new InvalidOperationException("the build has not been started through Execute/BuildRunner");

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

    /// <summary>
    /// With <c>--continue</c>, before <see cref="OnBuildInitialized"/>: why what the previous attempt's targets
    /// produced is gone (a removed artifacts folder, say), so they run again instead of being skipped; null keeps them
    /// skipped.
    /// Also asked by <c>--plan</c>, so it must start and change nothing.
    /// </summary>
    protected internal virtual string? PreviousAttemptGone() => null;

    /// <summary>Called after each target that ran (succeeded, failed or aborted), before the next one starts.</summary>
    protected internal virtual void OnTargetFinished(TargetResult target) { }

    /// <summary>Called after the last target, before the summary.</summary>
    protected internal virtual void OnBuildFinished() { }

    /// <summary>
    /// Said after the build's version and commit on the banner line that starts every run (e.g. "VVTV 1a2b3c4", the
    /// commit the build works on); read after parameters are injected. Null or blank adds nothing; a throw is ignored.
    /// </summary>
    protected internal virtual string? BannerDetails() => null;

    /// <summary>
    /// For <c>--plan</c>: a note per target name (what a skipped target leaves in its place, say), printed under the
    /// target. <paramref name="running"/> holds the targets the plan would run (not skipped by --skip, a condition or
    /// --continue). Called after <see cref="OnParametersRead"/>; it must start nothing, as --plan starts nothing.
    /// </summary>
    protected internal virtual IReadOnlyDictionary<string, string> PlanNotes(IReadOnlySet<string> running) =>
        new Dictionary<string, string>();

    /// <summary>
    /// Entry point for Main: runs the build with the process's arguments and environment; returns the exit code.
    /// </summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new()
    {
        var args = Environment.GetCommandLineArgs()[1..];
        BootstrapInputs.RerunIfChanged(args);
        using var cts = new CancellationTokenSource();
        // Ctrl-C (SIGINT) and SIGTERM only cancel: the runner still marks the target Aborted and runs assured targets.
        void Cancel(PosixSignalContext c)
        {
            c.Cancel = true;
            cts.Cancel();
        }
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        var env = new Dictionary<string, string>();
        // A plain loop: LINQ over DictionaryEntry (a value type) would be compiled at run time on every start.
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        var names = defaultTargets.Select(MemberName).ToArray();
        try
        {
            return BuildRunner.Run<T>(args, env, root: null, Console.Out,
                cts.Token, names);
        }
        catch (Exception e)
        {
            // Nothing escapes as an unhandled exception (exit 134): an expected failure is one line, a bug its trace.
            var line = ExpectedErrors.Describe(e) ?? $"the build failed unexpectedly: {e}";
            Console.Out.WriteLine($"error: {SecretMasker.Global.Mask(line)}");
            return 1;
        }
    }

    private static string MemberName<T>(Expression<Func<T, Target>> e) =>
        e.Body is MemberExpression m
            ? m.Member.Name
            : throw new ArgumentException($"default target must be a property access, got {e}");
}
