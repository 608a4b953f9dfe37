using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CliWrap;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Workflows;

/// <summary>The event that starts a run: its name, the ref it runs for, and the dispatch inputs.</summary>
internal sealed record WorkflowEvent(string Name, string Ref, IReadOnlyDictionary<string, string> Inputs)
{
    public string RefName => Ref.Split('/', 3).Last();
}

/// <summary>What one job of one attempt did: its conclusion, where it ran, its masked log, annotations and
/// summary.</summary>
internal sealed record JobOutcome(string Id, int Attempt, string Conclusion, IReadOnlyList<string> RunsOn,
    string? Environment,
    string Log, IReadOnlyList<string> Errors, string Summary, IReadOnlyList<string> StepsRun);

/// <summary>
/// Runs a workflow file the way GitHub's runner does, on this machine: jobs in <c>needs</c> order, each in a fresh
/// empty
/// workspace that its <c>actions/checkout</c> step fills with a fresh clone, its own processes, and nothing shared with
/// the other jobs but what upload-artifact stored and download-artifact brings back. The GITHUB_* variables and the
/// GITHUB_ENV, GITHUB_OUTPUT, GITHUB_PATH and GITHUB_STEP_SUMMARY files are set as a runner sets them; secrets and
/// <c>::add-mask::</c> values are masked in the job logs. <see cref="LocalActions"/> says what each action becomes
/// here.
/// "Re-run failed jobs" is <see cref="RerunFailedAsync"/>: the next attempt of the same run, with the same run id.
/// </summary>
internal sealed class LocalWorkflowRun(string workflowFile, WorkflowRunSettings settings)
{
    private readonly YamlMappingNode _workflow = Load(workflowFile);
    private readonly Dictionary<string, JobOutcome> _latest = [];

    public WorkflowRunSettings Settings => settings;

    /// <summary>The run id, as <c>github.run_id</c>: the same for every attempt.</summary>
    public long RunId { get; } = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);

    public int Attempt { get; private set; }

    /// <summary>Every job ever run in this run, attempts in order.</summary>
    public List<JobOutcome> History { get; } = [];

    /// <summary>The latest attempt of each job.</summary>
    public IReadOnlyDictionary<string, JobOutcome> Jobs => _latest;

    public IEnumerable<string> JobIds => Mapping(_workflow, "jobs").Children.Keys.Select(k => k.ToString());

    /// <summary>Where upload-artifact keeps each artifact (a folder per name).</summary>
    public string ArtifactStore => Path.Combine(settings.WorkDirectory, "artifacts");

    /// <summary>The first attempt: every job, with <paramref name="jobEnvironment"/> added to the runner's environment
    /// of the named jobs.</summary>
    public Task RunAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? jobEnvironment = null,
        CancellationToken ct = default) =>
        AttemptAsync(_ => true, jobEnvironment, ct);

    /// <summary>GitHub's "Re-run failed jobs": the next attempt runs the jobs that did not succeed, the rest keep
    /// their results.</summary>
    public Task RerunFailedAsync(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? jobEnvironment = null,
        CancellationToken ct = default) =>
        AttemptAsync(id => _latest[id].Conclusion != "success", jobEnvironment, ct);

    private async Task AttemptAsync(Func<string, bool> include,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? jobEnvironment, CancellationToken ct)
    {
        Attempt++;
        foreach (var (key, value) in Mapping(_workflow, "jobs").Children)
        {
            var id = key.ToString();
            if (!include(id)) continue;
            var job = (YamlMappingNode)value;
            var needs = job.Children.TryGetValue("needs", out var n) ? Strings(n) : [];
            JobOutcome outcome;
            var started = System.Diagnostics.Stopwatch.StartNew();
            if (needs.FirstOrDefault(need => _latest[need].Conclusion != "success") is { } failed)
                outcome = new JobOutcome(id, Attempt, "skipped", [], null,
                    $"skipped: needs {failed}, which did not succeed", [], "", []);
            else
            {
                var extra = jobEnvironment?.GetValueOrDefault(id) ?? new Dictionary<string, string>();
                outcome = await new LocalJob(this, id, job, extra).RunAsync(ct);
            }
            _latest[id] = outcome;
            History.Add(outcome);
            TestContext.Out.WriteLine(
                $"[{Path.GetFileName(workflowFile)} attempt {Attempt}] {id}: {outcome.Conclusion} "
                + $"({started.Elapsed:m\\:ss})");
        }
    }

    /// <summary>A context value for expressions (<c>inputs.x</c>, <c>vars.X</c>, <c>secrets.X</c>, <c>github.x</c>,
    /// <c>runner.os</c>).</summary>
    public object? Context(string path, string workspace, string job)
    {
        var dot = path.IndexOf('.');
        var (scope, name) = dot < 0 ? (path, "") : (path[..dot], path[(dot + 1)..]);
        return scope switch
        {
            "inputs" => settings.Event.Inputs.GetValueOrDefault(name),
            "vars" => settings.Variables.GetValueOrDefault(name),
            "secrets" => settings.Secrets.GetValueOrDefault(name),
            "github" => Github(workspace, job).GetValueOrDefault(name),
            "runner" => name switch { "os" => "Linux", "arch" => RunnerArch, _ => null },
            _ => throw new FormatException($"unknown context '{path}'"),
        };
    }

    /// <summary><c>runner.arch</c>, as the runner names this machine's architecture.</summary>
    public static string RunnerArch =>
        System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToUpperInvariant() switch
        {
            "ARM64" => "ARM64", "ARM" => "ARM", "X86" => "X86", _ => "X64",
        };

    /// <summary>Where actions/cache keeps the caches of this run (a folder per key), as the repository's cache
    /// service would; it starts empty, as a new repository's does.</summary>
    public string CacheStore => Path.Combine(settings.WorkDirectory, "caches");

    /// <summary>The <c>github</c> context; the GITHUB_* variables are the same values.</summary>
    public Dictionary<string, string> Github(string workspace, string job) => new()
    {
        ["event_name"] = settings.Event.Name,
        ["ref"] = settings.Event.Ref,
        ["ref_name"] = settings.Event.RefName,
        ["ref_type"] = settings.Event.Ref.StartsWith("refs/tags/", StringComparison.Ordinal) ? "tag" : "branch",
        ["sha"] = settings.Sha,
        ["repository"] = settings.Repository,
        ["repository_owner"] = settings.Repository.Split('/')[0],
        ["run_id"] = RunId.ToString(),
        ["run_number"] = "1",
        ["run_attempt"] = Attempt.ToString(),
        ["workspace"] = workspace,
        ["job"] = job,
        ["token"] = settings.Secrets.GetValueOrDefault("GITHUB_TOKEN") ?? "",
        ["api_url"] = settings.ApiUrl,
        ["server_url"] = settings.ServerUrl,
        ["workflow"] = Scalar(_workflow, "name") ?? Path.GetFileNameWithoutExtension(workflowFile),
        ["actor"] = "release-manager",
    };

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var v) && v is YamlMappingNode m ? m : new YamlMappingNode();

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var v) && v is YamlScalarNode s ? s.Value : null;

    public static List<string> Strings(YamlNode node) =>
        node is YamlSequenceNode seq ? seq.Select(x => ((YamlScalarNode)x).Value!).ToList()
            : [((YamlScalarNode)node).Value!];

    /// <summary>hashFiles: one SHA-256 over the matching files of the workspace, as the runner computes a cache
    /// key.</summary>
    public static string HashFiles(string workspace, IEnumerable<string> patterns)
    {
        using var sha = SHA256.Create();
        var files = patterns.SelectMany(p => LocalActions.Glob(workspace,
            p)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return "";
        foreach (var f in files)
        {
            var h = SHA256.HashData(File.ReadAllBytes(f));
            sha.TransformBlock(h, 0, h.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(sha.Hash!);
    }
}

/// <summary>The inputs of a local run: event, secrets, variables, the runner's environment, and where repositories
/// come from.</summary>
internal sealed record WorkflowRunSettings(
    WorkflowEvent Event,
    string WorkDirectory,
    string BuildRepository,
    string Sha,
    string Repository,
    IReadOnlyDictionary<string, string> Repositories,
    IReadOnlyDictionary<string, string> Secrets,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyDictionary<string, string?> RunnerEnvironment,
    string ApiUrl,
    string ServerUrl = "https://github.com");
