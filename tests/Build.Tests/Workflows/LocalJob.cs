using System.Text;
using System.Text.Json;
using CliWrap;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Workflows;

/// <summary>One job of a <see cref="LocalWorkflowRun"/>: a fresh workspace, its steps in order, its own
/// processes.</summary>
internal sealed class LocalJob(
    LocalWorkflowRun run, string id, YamlMappingNode job, IReadOnlyDictionary<string, string> extraEnvironment)
{
    // Variables of this machine that a fresh runner would not have, and that would change what the build does.
    private static readonly string[] Foreign = ["GITHUB_", "VVTV_", "CLOUDFLARE_", "NUKE_", "RUNNER_", "ACTIONS_"];

    private readonly StringBuilder _log = new();
    private readonly List<string> _errors = [];
    private readonly List<string> _masks = [];
    private readonly List<string> _stepsRun = [];
    private readonly Dictionary<string, string> _githubEnv = [];
    private readonly List<string> _githubPath = [];
    private readonly List<(string Name, Func<bool> Run)> _posts = [];
    private string _workspace = "";
    private string _temp = "";

    public string Workspace => _workspace;

    public string Temp => _temp;

    public LocalWorkflowRun Run => run;

    public string Id => id;

    /// <summary>An action's post step (actions/cache saves in one): run after the job's steps, last registered
    /// first, when the job has succeeded so far (the post-if of the actions that use one).</summary>
    public void AddPostStep(string name, Func<bool> post) => _posts.Add((name, post));

    public async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var home = Path.Combine(run.Settings.WorkDirectory, "jobs", $"{id}-{run.Attempt}");
        _workspace = Directory.CreateDirectory(Path.Combine(home, "work")).FullName;
        _temp = Directory.CreateDirectory(Path.Combine(home, "temp")).FullName;
        foreach (var secret in run.Settings.Secrets.Values) _masks.Add(secret);
        var runsOn = job.Children.TryGetValue("runs-on", out var r) ? RunsOn(r) : [];
        var environment = LocalWorkflowRun.Scalar(job, "environment") is { } e ? Evaluate(e) : null;
        var minutes = LocalWorkflowRun.Scalar(job, "timeout-minutes") is { } t ? int.Parse(Evaluate(t)) : 360;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(minutes));
        var where = environment is null ? "" : $" in environment {environment}";
        Write($"job {id} (attempt {run.Attempt}) on [{string.Join(", ", runsOn)}]{where}");
        var failed = false;
        var summary = new StringBuilder();
        var steps = job.Children.TryGetValue("steps", out var s)
            ? ((YamlSequenceNode)s).Cast<YamlMappingNode>().ToList() : [];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var name = LocalWorkflowRun.Scalar(step, "name") ?? LocalWorkflowRun.Scalar(step, "uses")
                ?? LocalWorkflowRun.Scalar(step, "run")!;
            var condition = LocalWorkflowRun.Scalar(step, "if") ?? "success()";
            if (!WorkflowExpression.Truthy(EvaluateRaw(condition.Replace("${{", "").Replace("}}", ""),
                failed))) continue;
            _stepsRun.Add(name);
            Write($"::step {name}");
            var files = StepFiles(i);
            try
            {
                var ok = LocalWorkflowRun.Scalar(step, "uses") is { } uses
                    ? await LocalActions.RunAsync(this, uses, With(step), timeout.Token)
                    : await ShellAsync(step, files, timeout.Token);
                if (!ok) { failed = true; Write($"step '{name}' failed"); }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                failed = true;
                Write($"step '{name}' failed: {ex.Message}");
            }
            ReadStepFiles(files, summary);
        }
        foreach (var (name, post) in Enumerable.Reverse(_posts))
        {
            if (failed) break;
            Write($"::step Post {name}");
            if (!post()) { failed = true; Write($"step 'Post {name}' failed"); }
        }
        return new JobOutcome(id, run.Attempt, failed ? "failure" : "success", runsOn, environment,
            Mask(_log.ToString()), _errors,
            Mask(summary.ToString()), _stepsRun);
    }

    private List<string> RunsOn(YamlNode node)
    {
        if (node is YamlSequenceNode) return LocalWorkflowRun.Strings(node).Select(Evaluate).ToList();
        var text = ((YamlScalarNode)node).Value!.Trim();
        if (!text.StartsWith("${{", StringComparison.Ordinal)) return [text];
        var value = EvaluateRaw(text[3..^2], false);
        return value is JsonElement { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(x => x.GetString()!).ToList()
            : [WorkflowExpression.AsString(value)];
    }

    private Dictionary<string, string> With(YamlMappingNode step) =>
        LocalWorkflowRun.Mapping(step, "with").Children.ToDictionary(kv => kv.Key.ToString(), kv
            => Evaluate(((YamlScalarNode)kv.Value).Value ?? ""));

    /// <summary>Substitutes every <c>${{ … }}</c> of a workflow value.</summary>
    public string Evaluate(string template) =>
        WorkflowExpression.Substitute(template, p => run.Context(p, _workspace, id), (f, a) => Function(f, a, false));

    private object? EvaluateRaw(string expression, bool failed) =>
        WorkflowExpression.Evaluate(expression, p => run.Context(p, _workspace, id), (f, a) => Function(f, a, failed));

    private object? Function(string name, object?[] arguments, bool failed) => name.ToLowerInvariant() switch
    {
        "always" => true,
        "success" => !failed,
        "failure" => failed,
        "cancelled" => false,
        "hashfiles" => LocalWorkflowRun.HashFiles(_workspace, arguments.Select(WorkflowExpression.AsString)),
        _ => throw new FormatException($"function {name}() is not supported by the local runner"),
    };

    /// <summary>The environment of a process of this job: the runner's, GitHub's variables, GITHUB_ENV so far, then
    /// the step's.</summary>
    public Dictionary<string, string?> Environment(IEnumerable<KeyValuePair<string, string>> step, StepFiles? files)
    {
        var env = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            env[key] = Foreign.Any(p => key.StartsWith(p, StringComparison.Ordinal)) || key == "CI" ? null
                : (string?)e.Value;
        }
        foreach (var (k, v) in run.Settings.RunnerEnvironment) env[k] = v;
        foreach (var (k, v) in extraEnvironment) env[k] = v;
        env["CI"] = "true";
        env["GITHUB_ACTIONS"] = "true";
        foreach (var (k, v) in run.Github(_workspace, id)) if (k != "token") env["GITHUB_" + k.ToUpperInvariant()] = v;
        env["GITHUB_REF_NAME"] = run.Settings.Event.RefName;
        env["RUNNER_OS"] = "Linux";
        env["RUNNER_ARCH"] = LocalWorkflowRun.RunnerArch;
        env["RUNNER_TEMP"] = _temp;
        if (files is not null)
        {
            env["GITHUB_ENV"] = files.Env;
            env["GITHUB_OUTPUT"] = files.Output;
            env["GITHUB_PATH"] = files.PathFile;
            env["GITHUB_STEP_SUMMARY"] = files.Summary;
        }
        foreach (var (k, v) in _githubEnv) env[k] = v;
        if (_githubPath.Count > 0) env["PATH"] = string.Join(':', _githubPath.AsEnumerable().Reverse()) + ":"
            + env["PATH"];
        foreach (var (k, v) in step) env[k] = v;
        return env;
    }

    private async Task<bool> ShellAsync(YamlMappingNode step, StepFiles files, CancellationToken ct)
    {
        var script = Path.Combine(_temp, $"step-{files.Index}.sh");
        await File.WriteAllTextAsync(script, Evaluate(LocalWorkflowRun.Scalar(step, "run")!), ct);
        var stepEnv = LocalWorkflowRun.Mapping(step, "env").Children
            .Select(kv => new KeyValuePair<string, string>(kv.Key.ToString(),
                Evaluate(((YamlScalarNode)kv.Value).Value ?? "")));
        // shell: bash, as the runner runs it.
        var result = await Cli.Wrap("bash").WithArguments(["--noprofile", "--norc", "-eo", "pipefail", script])
            .WithWorkingDirectory(_workspace)
            .WithEnvironmentVariables(Environment(stepEnv, files))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Output))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Write))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(ct);
        return result.ExitCode == 0;
    }

    /// <summary>A line of a step's standard output: workflow commands are read as the runner reads them.</summary>
    public void Output(string line)
    {
        if (line.StartsWith("::add-mask::", StringComparison.Ordinal))
        {
            lock (_masks) _masks.Add(Unescape(line["::add-mask::".Length..]));
            Write("::add-mask::***");
            return;
        }
        if (line.StartsWith("::error", StringComparison.Ordinal))
            lock (_errors) _errors.Add(Mask(Unescape(line[(line.IndexOf("::", 2, StringComparison.Ordinal) + 2)..])));
        Write(line);
    }

    public void Write(string line)
    {
        lock (_log) _log.AppendLine(Mask(line));
    }

    private string Mask(string text)
    {
        lock (_masks)
            foreach (var m in _masks.Where(m => m.Length > 0).OrderByDescending(m => m.Length)) text = text.Replace(m,
                "***");
        return text;
    }

    private static string Unescape(string value) => value.Replace("%0A", "\n").Replace("%0D", "\r").Replace("%25", "%");

    private StepFiles StepFiles(int index)
    {
        var files = new StepFiles(index, Path.Combine(_temp, $"env-{index}"), Path.Combine(_temp, $"output-{index}"),
            Path.Combine(_temp, $"path-{index}"), Path.Combine(_temp, $"summary-{index}.md"));
        foreach (var f in new[] { files.Env, files.Output, files.PathFile, files.Summary }) File.WriteAllText(f, "");
        return files;
    }

    private void ReadStepFiles(StepFiles files, StringBuilder summary)
    {
        var lines = File.ReadAllLines(files.Env);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.IndexOf("<<", StringComparison.Ordinal) is var h and > 0 && (line.IndexOf('=') < 0
                || line.IndexOf('=') > h))
            {
                var (name, delimiter) = (line[..h], line[(h + 2)..]);
                var value = new List<string>();
                while (++i < lines.Length && lines[i] != delimiter) value.Add(lines[i]);
                _githubEnv[name] = string.Join('\n', value);
            }
            else if (line.IndexOf('=') is var eq and > 0) _githubEnv[line[..eq]] = line[(eq + 1)..];
        }
        _githubPath.AddRange(File.ReadAllLines(files.PathFile).Where(l => l.Length > 0));
        summary.Append(File.ReadAllText(files.Summary));
    }
}

/// <summary>The runner's files of one step.</summary>
internal sealed record StepFiles(int Index, string Env, string Output, string PathFile, string Summary);
