using System.Runtime.CompilerServices;
using Checklist;
using Engine;
using Publishing;
using Serilog;

/// <summary>
/// The release of one build: decide Go/No-Go from the evidence store plus a live alert check, build the deterministic bundle,
/// publish it (or write the dry-run plan). The Release target runs the three steps in order on this shared state.
/// </summary>
sealed class ReleaseJob
{
    private static readonly ConditionalWeakTable<IRelease, ReleaseJob> Jobs = new();
    private readonly IRelease _build;
    private Decided? _decided;
    private BundleResult? _bundle;

    private ReleaseJob(IRelease build) => _build = build;

    private sealed record Decided(string Version, IReadOnlyList<SourcedItem> Items);

    public static ReleaseJob Of(IRelease build)
    {
        lock (Jobs) return Jobs.GetValue(build, b => new ReleaseJob(b));
    }

    private ReleaseRun Run => _build.Run;

    /// <summary>Go/No-Go: adopts evidence for skipped gates, checks /v1/alerts live, decides; NO-GO fails with every reason.</summary>
    public async Task DecideAsync(CancellationToken ct)
    {
        var store = Run.Evidence;
        var build = (NukeBuild)_build;
        var ranHere = build.ExecutionPlan.Where(t => t.Status is TargetStatus.Succeeded).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        RunFacts.Of(build, store).Write(store.RunDir);
        var sources = EvidenceSources.Of(_build).AdoptSkipped(ranHere);
        await LiveAlertCheck.RecordAsync(Run, ct);
        var decision = GoNoGo.Decide(store.Records, store.Findings, DateTimeOffset.UtcNow);
        if (!decision.Go)
            BuildAssert.Fail($"NO-GO for VVTV {store.VvtvCommit}: nothing is bundled or published.{Environment.NewLine}  - " +
                             string.Join(Environment.NewLine + "  - ", decision.Reasons) +
                             $"{Environment.NewLine}The evidence and decision.md are in {store.RunDir}");
        var (version, source) = _build.ReleaseVersion is { Length: > 0 } given
            ? (given, "--release-version")
            : await ReleaseDefaults.VersionAsync(Run.Workspace, ct);
        Log.Information("GO for VVTV {Commit:l}: every checklist item passes and no high/critical alert is active; version {Version:l} (from {Source:l})",
            store.VvtvCommit, version, source);
        _decided = new Decided(version, sources.Sourced(decision));
    }

    /// <summary>Builds artifacts/release/&lt;version&gt;/ from the decided evidence.</summary>
    public void Bundle()
    {
        var decided = BuildAssert.NotNull(_decided, "the bundle needs a GO decision first");
        var store = Run.Evidence;
        var input = ReleaseBundleInput.Create(decided.Version, store.VvtvCommit, "GO", [], decided.Items, store.RunDir);
        try
        {
            _bundle = BundleBuilder.Build(input, _build.ArtifactsDirectory / "release");
        }
        catch (ArgumentException e)
        {
            BuildAssert.Fail($"The release bundle cannot be built: {e.Message}");
        }
        Log.Information("Bundle {Dir:l}: {Files} files, archive {Archive:l}", _bundle!.Directory, _bundle.Files.Count, Path.GetFileName(_bundle.ArchivePath));
    }

    /// <summary>Publishes the bundle with GITHUB_TOKEN, otherwise writes publish-plan.json beside it.</summary>
    public async Task PublishAsync(CancellationToken ct)
    {
        var bundle = BuildAssert.NotNull(_bundle, "publishing needs the bundle first");
        var token = _build.GithubToken;
        Run.Evidence.AddSecrets(token);
        var repository = _build.GithubRepository is { Length: > 0 } r ? r : await ReleaseDefaults.RepositoryAsync(Run.Workspace, ct);
        if (!string.IsNullOrEmpty(token))
            BuildAssert.True(repository is not null, "GITHUB_TOKEN is set but there is no repository to publish to: pass --github-repository owner/name (the workspace has no GitHub origin remote)");
        BuildAssert.True(Uri.TryCreate(_build.GithubApiUrl.TrimEnd('/') + "/", UriKind.Absolute, out var api) && api.Scheme is "http" or "https",
            $"--github-api-url '{_build.GithubApiUrl}' is not an absolute http(s) URL");
        var request = new PublishRequest
        {
            Repository = repository ?? "",
            Token = token,
            ApiBaseUrl = api!,
            Version = Path.GetFileName(bundle.Directory),
            Notes = File.ReadAllText(Path.Combine(bundle.Directory, BundleBuilder.DecisionName)),
            Assets = bundle.ReleaseAssets,
            ReplaceAssets = _build.ReplaceAssets,
        };
        // Beside the bundle, not in it: it is about this run (repository, API URL), not about the evidence.
        var plan = Path.Combine(bundle.Directory, "publish-plan.json");
        PublishResult? result;
        try
        {
            result = await ReleasePublishing.RunAsync(request, Path.GetFullPath(plan), cancel: ct);
        }
        catch (Exception e) when (e is PublishException or ArgumentException or Octokit.ApiException)
        {
            BuildAssert.Fail($"Publishing {request.Tag} to {repository} failed: {e.Message}");
            return;
        }
        if (result is null)
        {
            Log.Information("Dry run: GO, bundle in {Dir:l}; publish-plan {Plan:l} lists what a run with GITHUB_TOKEN would create and upload",
                bundle.Directory, Path.GetFullPath(plan));
            return;
        }
        Run.Evidence.WriteJson("Release", "publish-result.json", result);
        Log.Information(result.NothingChanged ? "Release {Tag:l} already published with the same assets: nothing changed ({Url:l})" : "Published {Tag:l}: {Url:l}",
            request.Tag, result.HtmlUrl);
    }
}
