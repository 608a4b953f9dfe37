using Serilog;

namespace Publishing;

/// <summary>Entry point for the Publish target: publishes with a token, otherwise writes the dry-run plan.</summary>
public static class ReleasePublishing
{
    /// <summary>Publishes when <see cref="PublishRequest.Token"/> is set; otherwise writes <paramref name="planPath"/>
    /// and returns null.</summary>
    public static async Task<PublishResult?> RunAsync(PublishRequest request, string planPath, ILogger? logger = null,
        CancellationToken cancel = default)
    {
        var log = logger ?? Log.Logger;
        if (string.IsNullOrEmpty(request.Token))
        {
            PublishPlan.Write(request, planPath);
            log.Warning("No GITHUB_TOKEN: dry run, nothing sent to GitHub; the plan is in {Plan}", planPath);
            return null;
        }
        return await new GitHubPublisher(request, log).PublishAsync(cancel);
    }
}
