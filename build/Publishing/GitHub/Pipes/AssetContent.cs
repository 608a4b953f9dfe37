using System.Net.Http.Headers;
using Octokit;

namespace Publishing;

/// <summary>Compares release assets with local files by downloading them.</summary>
public static class AssetContent
{
    /// <summary>True when the remote asset has the local file's size and sha256.</summary>
    /// <remarks>Size first (free), then the real bytes: a digest in a label or the body could be stale, only the bytes
    /// prove it.</remarks>
    public static async Task<bool> SameAsync(PublishContext ctx, ReleaseAsset remote, AssetFile local)
    {
        if (remote.Size != local.Size || remote.State is not (null or "uploaded")) return false;
        return await Sha256Async(ctx, remote) == local.Sha256;
    }

    /// <summary>Downloads the asset (API URL with Accept octet-stream, following the redirect) and hashes it while
    /// streaming.</summary>
    public static async Task<string> Sha256Async(PublishContext ctx, ReleaseAsset remote) =>
        await ctx.Retry(async ct =>
        {
            using var msg = new HttpRequestMessage(HttpMethod.Get, remote.Url);
            msg.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
            using var response = await ctx.Http.SendAsync(msg, HttpCompletionOption.ResponseHeadersRead, ct);
            if ((int)response.StatusCode >= 500 || (int)response.StatusCode == 429)
                throw new HttpRequestException($"download of {remote.Name} returned {(int)response.StatusCode}");
            if (!response.IsSuccessStatusCode)
                throw new PublishException($"Downloading asset {remote.Name} from {remote.Url} failed with HTTP " +
                    $"{(int)response.StatusCode}.");
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            return Sha256File.Compute(body);
        });
}
