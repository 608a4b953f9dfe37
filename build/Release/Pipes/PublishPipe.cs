using Engine;
using Publishing;
using Serilog;

/// <summary>Publishes the bundle with GITHUB_TOKEN, otherwise writes publish-plan.json beside it.</summary>
public sealed class PublishPipe : IReleasePipe
{
    public async Task RunAsync(ReleaseContext context, CancellationToken ct)
    {
        var bundle = BuildAssert.NotNull(context.Bundle, "publishing needs the bundle first");
        var given = context.Request;
        var run = context.Run;
        run.Evidence.AddSecrets(given.Token);
        var repository = given.Repository is { Length: > 0 } r
            ? r
            : await ReleaseDefaults.RepositoryAsync(run.Workspace, ct);
        if (!string.IsNullOrEmpty(given.Token))
            BuildAssert.True(repository is not null, "GITHUB_TOKEN is set but there is no repository to publish " +
                "to: pass --github-repository owner/name (the workspace has no GitHub origin remote)");
        var version = ReleaseVersion.Parse(Path.GetFileName(bundle.Directory));
        string? target;
        try
        {
            target = await ReleaseSource.TargetAsync(run.Evidence.VvtvCommit, version, run.Workspace, ct);
        }
        catch (PublishException e)
        {
            BuildAssert.Fail($"Publishing {version.Tag} refused: {e.Message}");
            return;
        }
        var request = new PublishRequest
        {
            Repository = repository ?? "",
            Token = given.Token,
            ApiBaseUrl = ReleaseParameters.ApiBaseUrl(given.GithubApiUrl)!,
            Version = version.Text,
            Notes = File.ReadAllText(bundle.NotesPath),
            TargetCommitish = target,
            MakeLatest = given.MakeLatest,
            Signers = given.Signers,
            Assets = bundle.ReleaseAssets,
            ReplaceAssets = given.ReplaceAssets,
        };
        // Beside the bundle, not in it: it is about this run (repository, API URL), not about the evidence.
        var plan = Path.GetFullPath(Path.Combine(bundle.Directory, "publish-plan.json"));
        PublishResult? result;
        try
        {
            result = await ReleasePublishing.RunAsync(request, plan, cancel: ct);
        }
        catch (Exception e) when (e is PublishException or ArgumentException or Octokit.ApiException)
        {
            BuildAssert.Fail($"Publishing {request.Tag} to {repository} failed: {e.Message}");
            return;
        }
        if (result is null)
        {
            Log.Information("Dry run: GO, bundle in {Dir:l}; publish-plan {Plan:l} lists what a run with " +
                            "GITHUB_TOKEN would create and upload", bundle.Directory, plan);
            return;
        }
        run.Evidence.WriteJson("Release", "publish-result.json", result);
        Log.Information(result.NothingChanged
                ? "Release {Tag:l} already published with the same assets: nothing changed ({Url:l})"
                : "Published {Tag:l}: {Url:l}", request.Tag, result.HtmlUrl);
    }
}
