using System.Diagnostics;
using Serilog;
using Serilog.Core;

namespace Engine;

/// <summary>
/// Runs a build: parse, plan, check, execute, summarise. In-process entry point for tests and for
/// <see cref="NukeBuild"/>.
/// </summary>
public static class BuildRunner
{
    /// <summary>Runs build <typeparamref name="T"/> and returns the exit code (0 success, 1 failure).</summary>
    public static int Run<T>(string[] args, IReadOnlyDictionary<string, string> env, AbsolutePath? root,
        TextWriter console,
        CancellationToken cancellation = default, params string[] defaultTargets) where T : NukeBuild, new()
    {
        var commandLine = CommandLine.Parse(args);
        var build = new T();
        ParameterService parameters;
        try
        {
            parameters = new ParameterService(commandLine, env, ParameterMember.Discover(typeof(T)));
            var rootPath = ResolveRoot(parameters, root);
            parameters.LoadFiles(rootPath, parameters.GetBuiltIn("profile"));
            // Before any value is converted or printed, so a secret is masked from the first line on.
            parameters.RegisterSecrets();
            parameters.ValidateNames();
            var host = parameters.GetBuiltIn("host") is { Length: > 0 } h
                ? (Host)ValueConverter.ConvertOne(h[0], typeof(Host), "--host")
                : env.TryGetValue("GITHUB_ACTIONS", out var gha) && gha == "true" ? Host.GitHubActions : Host.Terminal;
            build.Context = new BuildContext(rootPath, host, cancellation, parameters)
            {
                Output = HostOutput.For(host, console, env),
            };
            // Class members are injected once; interface members are read on demand through TryGetValue.
            // Interface values are converted now too, so a bad value fails before any target runs.
            foreach (var member in parameters.Members)
                if (parameters.GetValue(member, member.Type) is { } value && !member.IsOnInterface)
                    member.Write(build, value);
        }
        catch (Exception e) when (ExpectedErrors.Describe(e) is { } line)
        {
            console.WriteLine($"error: {SecretMasker.Global.Mask(line)}");
            return 1;
        }
        using var output = build.Context.Output;
        return new BuildRun(build, commandLine, console, defaultTargets).Execute();
    }

    private static AbsolutePath ResolveRoot(ParameterService parameters, AbsolutePath? given)
    {
        if (parameters.GetBuiltIn("root") is { Length: > 0 } r) return AbsolutePath.Create(r[0]);
        if (given is { } g) return g;
        for (var dir = AbsolutePath.Create(Directory.GetCurrentDirectory()); ; dir = dir.Parent)
        {
            if ((dir / ".nuke").DirectoryExists()) return dir;
            if (dir.Parent == dir) return AbsolutePath.Create(Directory.GetCurrentDirectory());
        }
    }

    /// <summary>One run's state; kept private so the public surface stays the static entry point.</summary>
    private sealed class BuildRun(NukeBuild build, CommandLine commandLine, TextWriter console, string[] defaultTargets)
    {
        private readonly BuildContext _ctx = build.Context!;
        private CollectingSink _collector = null!; // made with the logger: --help and --plan need neither

        public int Execute()
        {
            var p = _ctx.Parameters;
            List<ExecutableTarget> all;
            var verbosity = Verbosity.Normal;
            try
            {
                if (p.GetBuiltIn("verbosity") is { Length: > 0 } v)
                    verbosity = (Verbosity)ValueConverter.ConvertOne(v[0], typeof(Verbosity), "--verbosity");
                all = TargetDiscovery.Discover(build, defaultTargets);
                if (p.GetBuiltIn("completion") is { } shell)
                {
                    CompletionWriter.Write(console, shell.FirstOrDefault() ?? "", all, p.Members, _ctx.Root);
                    return 0;
                }
                var banner = Banner.Line(build, _ctx.Root);
                console.WriteLine(SecretMasker.Global.Mask(banner));
                if (_ctx.Host == Host.Terminal) SchemaWriter.Write(_ctx.Root, build.GetType(), all, p.Members);
                if (p.GetBuiltIn("help") is not null)
                {
                    HelpWriter.Write(console, build, all, p, HelpWriter.Width(console));
                    return 0;
                }
                var invoked = Invoked(all);
                var plan = ExecutionPlanner.Plan(all, invoked);
                build.OnParametersRead();
                if (p.GetBuiltIn("plan") is not null)
                {
                    PlanWriter.Write(console, _ctx.Root / ".nuke" / "temp" / "plan.html", all, plan, invoked,
                        PlannedSkips(all, plan, invoked), build.PlanNotes, HelpWriter.Width(console));
                    return 0;
                }
                return Logged(all, plan, invoked, verbosity, banner);
            }
            catch (Exception e) when (ExpectedErrors.Describe(e) is { } line)
            {
                console.WriteLine($"error: {SecretMasker.Global.Mask(line)}");
                if (verbosity == Verbosity.Verbose) console.WriteLine(SecretMasker.Global.Mask(e.ToString()));
                return 1;
            }
            catch (Exception e)
            {
                // A target property or definition that throws while the graph is read: a bug in the build.
                var inner = ExpectedErrors.Unwrap(e);
                var trace = SecretMasker.Global.Mask(inner.ToString());
                console.WriteLine($"error: reading the build's targets failed: {trace}");
                return 1;
            }
        }

        // Apart from Execute() so that --help and --plan neither load nor compile the logging they do not use.
        private int Logged(List<ExecutableTarget> all, List<ExecutableTarget> plan, List<ExecutableTarget> invoked,
            Verbosity verbosity, string banner)
        {
            var colour = _ctx.Host == Host.Terminal && !Console.IsOutputRedirected &&
                         ReferenceEquals(console, Console.Out);
            _collector = new CollectingSink();
            using var logger = BuildLogger.Create(console, verbosity, colour, _ctx.Root / "artifacts" / "logs",
                _collector, out _);
            Log.Logger = logger;
            logger.ForContext(BuildLogger.FileOnly, true).Information("{Banner:l}", banner);
            try { return Execute(all, plan, invoked, logger); }
            finally { Log.Logger = Serilog.Core.Logger.None; }
        }

        // --skip and static conditions, with cascade: each skipped target and why.
        private Dictionary<ExecutableTarget, string> Skips(List<ExecutableTarget> all, List<ExecutableTarget> plan,
            List<ExecutableTarget> invoked)
        {
            var skipped = new Dictionary<ExecutableTarget, string>();
            if (_ctx.Parameters.GetBuiltIn("skip") is { } skipNames)
            {
                var toSkip = skipNames.Length == 0
                    ? plan.Where(t => !invoked.Contains(t))
                    : skipNames.SelectMany(n => n.Split('+', StringSplitOptions.RemoveEmptyEntries))
                        .Select(n => ExecutionPlanner.Find(all, n));
                foreach (var t in toSkip.Where(t => plan.Contains(t) && !invoked.Contains(t)))
                    skipped[t] = "skipped by --skip";
            }
            foreach (var t in plan.Where(t => !skipped.ContainsKey(t)))
            foreach (var (condition, text) in t.Definition.StaticConditions)
                if (!condition()) { skipped[t] = $"condition false: {text}"; break; }
            SkipCascade.Apply(plan, invoked, skipped);
            return skipped;
        }

        // What a run would skip before it starts: Skips plus, with --continue, the targets that succeeded in the
        // previous attempt. Reads the --continue state without writing it, and sets the invocation key and Continue
        // as the run would, so the build's PlanNotes find the same earlier attempt.
        private Dictionary<ExecutableTarget, string> PlannedSkips(List<ExecutableTarget> all,
            List<ExecutableTarget> plan, List<ExecutableTarget> invoked)
        {
            var skipped = Skips(all, plan, invoked);
            var secretNames = _ctx.Parameters.Members.Where(m => m.IsSecret).Select(m => Names.Normalize(m.Name));
            var resume = _ctx.Parameters.GetBuiltIn("continue") is not null;
            var (key, succeeded) = ContinueState.Peek(_ctx.Root, commandLine, secretNames, resume);
            _ctx.Continue = resume;
            _ctx.InvocationKey = key;
            if (succeeded.Count > 0 && build.PreviousAttemptGone() is not null) succeeded = new HashSet<string>();
            foreach (var t in plan.Where(t => !skipped.ContainsKey(t) && succeeded.Contains(t.Name)))
                skipped[t] = ContinueSkip;
            return skipped;
        }

        private const string ContinueSkip = "succeeded in the previous attempt (--continue)";

        private List<ExecutableTarget> Invoked(List<ExecutableTarget> all)
        {
            var names = commandLine.Positional.Concat(_ctx.Parameters.GetBuiltIn("target") ?? []).ToList();
            if (names.Count == 0)
            {
                var defaults = all.Where(t => t.IsDefault).ToList();
                if (defaults.Count == 0)
                    throw new PlanException("no target given and no default target; valid targets: " +
                                            string.Join(", ", all.Select(t => t.Name)));
                return defaults;
            }
            return names.SelectMany(n => n.Split('+', StringSplitOptions.RemoveEmptyEntries))
                .Select(n => ExecutionPlanner.Find(all, n)).Distinct().ToList();
        }

        private int Execute(List<ExecutableTarget> all, List<ExecutableTarget> plan, List<ExecutableTarget> invoked,
            Logger log)
        {
            var started = Stopwatch.StartNew();
            var results = plan.ToDictionary(t => t, t => new TargetResult(t.Name));
            _ctx.Results.AddRange(plan.Select(t => results[t]));
            var secretNames = _ctx.Parameters.Members.Where(m => m.IsSecret).Select(m => Names.Normalize(m.Name));
            var continuation = ContinueState.Open(_ctx.Root, commandLine, secretNames,
                _ctx.Parameters.GetBuiltIn("continue") is not null);
            _ctx.Continue = continuation.Resume;
            _ctx.InvocationKey = continuation.Key;
            var failed = false;
            try
            {
                // 1-2: --skip and static conditions, with cascade.
                var skipped = Skips(all, plan, invoked);
                foreach (var (t, reason) in skipped)
                {
                    results[t].Status = TargetStatus.Skipped;
                    results[t].Note = reason;
                }

                // 3: requirements before anything runs.
                var scheduled = plan.Where(t => !skipped.ContainsKey(t)).ToList();
                var missing = Requirements.Check(build, scheduled, _ctx.Parameters);
                if (missing.Count > 0)
                {
                    foreach (var m in missing) log.Error("{Requirement:l}", m);
                    foreach (var t in scheduled) results[t].Note = "requirements not met";
                    return Finish(log, started, false);
                }
                foreach (var w in _ctx.Parameters.Warnings) log.Warning("{Warning:l}", w);

                if (continuation.HasPrevious && build.PreviousAttemptGone() is { } gone)
                {
                    log.Warning("--continue: {Gone:l}; the targets the previous attempt passed run again", gone);
                    continuation.Forget();
                }
                build.OnBuildInitialized();

                // 4-5: run in order.
                var cancelled = false;
                foreach (var t in plan)
                {
                    var r = results[t];
                    if (r.Status == TargetStatus.Skipped) continue;
                    if ((failed || cancelled) && !t.Definition.Assured) { r.Status = TargetStatus.NotRun; continue; }
                    if (t.Dependencies.FirstOrDefault(d => results.TryGetValue(d, out var dr) &&
                            dr.Status is TargetStatus.Failed or TargetStatus.Aborted or TargetStatus.NotRun) is { } bad
                        && !t.Definition.Assured)
                    {
                        r.Status = TargetStatus.NotRun;
                        r.Note = $"dependency {bad.Name} did not succeed";
                        continue;
                    }
                    if (continuation.Succeeded(t.Name))
                    {
                        r.Status = TargetStatus.Skipped;
                        r.Note = ContinueSkip;
                        continue;
                    }
                    var outcome = RunTarget(t, r, log, cancelled ? CancellationToken.None : _ctx.Cancellation);
                    if (outcome is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted)
                    {
                        try { build.OnTargetFinished(r); }
                        catch (Exception e)
                        {
                            log.Error(e, "OnTargetFinished failed after {Target:l}: {Message:l}", t.Name, e.Message);
                            failed = true;
                        }
                    }
                    if (outcome == TargetStatus.Succeeded || outcome == TargetStatus.Collective)
                        continuation.MarkSucceeded(t.Name);
                    if (outcome == TargetStatus.Failed && !t.Definition.Proceed) failed = true;
                    if (outcome == TargetStatus.Failed && t.Definition.Proceed)
                        r.Note ??= "failed; proceeding (ProceedAfterFailure)";
                    if (outcome == TargetStatus.Aborted) cancelled = true;
                }
                try { build.OnBuildFinished(); }
                catch (Exception e) { log.Error(e, "OnBuildFinished failed: {Message:l}", e.Message); failed = true; }
                var ok = !failed && results.Values.All(x =>
                    x.Status is TargetStatus.Succeeded or TargetStatus.Skipped or TargetStatus.Collective);
                return Finish(log, started, ok);
            }
            catch (Exception e) when (e is not (PlanException or ParameterException))
            {
                var inner = ExpectedErrors.Unwrap(e);
                log.Error(inner, "build setup failed: {Message:l}", ExpectedErrors.Describe(inner) ?? inner.Message);
                return Finish(log, started, false);
            }
        }

        private TargetStatus RunTarget(ExecutableTarget t, TargetResult r, Logger log, CancellationToken ct)
        {
            var watch = Stopwatch.StartNew();
            var grouped = false;
            try
            {
                foreach (var (condition, text) in t.Definition.DynamicConditions)
                    if (!condition())
                    {
                        r.Note = $"condition false: {text}";
                        return r.Status = TargetStatus.Skipped;
                    }
                if (t.Definition.Actions.Count == 0) return r.Status = TargetStatus.Collective;
                _ctx.Output.BeginTarget(t.Name);
                grouped = true;
                log.ForContext("TargetHeader", true).Information("═══ {Target:l} ═══", t.Name);
                foreach (var action in t.Definition.Actions)
                {
                    ct.ThrowIfCancellationRequested();
                    action(ct).GetAwaiter().GetResult();
                }
                return r.Status = TargetStatus.Succeeded;
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                r.Note = "cancelled (Ctrl-C)";
                log.Error("target {Target:l} aborted", t.Name);
                return r.Status = TargetStatus.Aborted;
            }
            catch (Exception e)
            {
                // Expected failures get one line (their trace only at --verbosity verbose); bugs keep their trace.
                var inner = ExpectedErrors.Unwrap(e);
                var expected = ExpectedErrors.Describe(inner);
                var line = expected ?? $"{inner.GetType().Name}: {inner.Message}";
                r.Note = FirstLine(expected ?? inner.Message);
                log.Error(inner, "target {Target:l} failed: {Message:l}", t.Name, line);
                return r.Status = TargetStatus.Failed;
            }
            finally
            {
                r.Duration = watch.Elapsed;
                ProcessGroups.KillAll();
                if (grouped) EndTarget(t, r);
            }
        }

        private static string FirstLine(string s) => s.Split('\n')[0].Trim();

        private void EndTarget(ExecutableTarget t, TargetResult r)
        {
            _ctx.Output.EndTarget(t.Name);
            if (r.Status is TargetStatus.Failed or TargetStatus.Aborted)
                _ctx.Output.ReportError($"{t.Name} {r.Status.ToString().ToLowerInvariant()}", r.Note ?? "");
        }

        private int Finish(Logger log, Stopwatch started, bool ok)
        {
            SummaryWriter.Write(console, _collector.Events.ToList(), _ctx.Results, started.Elapsed, ok, log);
            _ctx.Output.AppendSummary(SummaryWriter.Markdown(_ctx.Results, started.Elapsed, ok));
            return ok ? 0 : 1;
        }
    }
}
