using System.Text.Json;

namespace Publishing;

/// <summary>
/// The dry run: writes publish-plan.json with what a publish would create and upload, without any network.
/// </summary>
public static class PublishPlan
{
    /// <summary>Writes the plan to <paramref name="planPath"/> and returns it.</summary>
    public static string Write(PublishRequest request, string planPath)
    {
        // A dry run may not know its repository yet (a sandbox has no origin remote); publishing does.
        var repository = string.IsNullOrEmpty(request.Repository) ? null : request.Repository;
        if (repository is not null) request.OwnerAndName();
        var assets = AssetFile.All(request.Assets);
        AssetFile.CheckAgainstChecksums(assets);
        AssetFile.CheckSignature(assets, request.Signers);
        var (body, cut) = ReleaseNotes.FitFor(request.Notes, assets);
        var plan = new
        {
            dry_run = true,
            reason = "no GITHUB_TOKEN: nothing was sent to GitHub",
            repository,
            repository_note = repository is null
                ? "no --github-repository given and the workspace has no GitHub origin remote; publishing needs one"
                    : null,
            api_base_url = request.ApiBaseUrl.ToString(),
            tag = request.Tag,
            release_name = request.ReleaseName,
            target_commitish = request.TargetCommitish,
            prerelease = request.Prerelease,
            make_latest = request.Latest.ToString().ToLowerInvariant(),
            signed = assets.Any(a => a.Name == BundleBuilder.SignatureName),
            steps = new[] { "find release by listing or create it as a draft", "upload assets",
                "publish (draft=false)", "download assets and verify sha256" },
            notes_length = body.Length,
            notes_cut = cut,
            assets = assets.Select(a => new { name = a.Name, size = a.Size, sha256 = a.Sha256 }),
            replace_assets = request.ReplaceAssets,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(planPath))!);
        File.WriteAllText(planPath, JsonSerializer.Serialize(plan, BundleBuilder.Json) + "\n");
        return planPath;
    }
}
