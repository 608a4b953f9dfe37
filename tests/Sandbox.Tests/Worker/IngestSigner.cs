using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Tests.Worker;

/// <summary>Builds ingest requests the way the orchestrator's control agent does (contract §5.7 and §6.4).</summary>
public sealed class IngestSigner(string token, string secret)
{
    /// <summary>Lowercase hex HMAC-SHA256 of <c>METHOD\nPATH\nTS\nBODY</c>.</summary>
    public static string Sign(string secret, string method, string path, string ts, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"{method}\n{path}\n{ts}\n{body}")));

    /// <summary>Current Unix seconds as the agent sends them.</summary>
    public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();

    /// <summary>A POST to <paramref name="url"/> signed for <paramref name="signedPath"/> (defaults to the URL's
    /// path).</summary>
    public HttpRequestMessage Post(string url, string body, string? signedPath = null, string? ts = null)
    {
        ts ??= Now();
        var request = Unsigned(url, body);
        request.Headers.TryAddWithoutValidation("authorization", $"Bearer {token}");
        request.Headers.TryAddWithoutValidation("x-vvtv-ts", ts);
        request.Headers.TryAddWithoutValidation("x-vvtv-signature",
            Sign(secret, "POST", signedPath ?? url.Split('?')[0], ts, body));
        return request;
    }

    /// <summary>A POST with the exact body bytes and no Content-Type, like the agent sends.</summary>
    public static HttpRequestMessage Unsigned(string url, string body) =>
        new(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
}
