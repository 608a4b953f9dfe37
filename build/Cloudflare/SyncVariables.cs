using System.Net;

namespace Cloudflare;

/// <summary>The orchestrator's cloud sync variables: where it pushes and how it signs.</summary>
public sealed record SyncVariables(string? BaseUrl, string? Token, string? Secret)
{
    public const string BaseUrlVariable = "VVTV_CLOUDFLARE_BASE_URL";
    public const string TokenVariable = "VVTV_CLOUDFLARE_TOKEN";
    public const string SecretVariable = "VVTV_CLOUDFLARE_SECRET";

    /// <summary>Shorter values are guessable; the control API guard asks for a minimum length too (D-A1).</summary>
    public const int MinimumSecretLength = 16;

    private static readonly string[] DevValues = ["dev-token", "dev-secret"];

    /// <summary>The three variables as the orchestrator's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        [BaseUrlVariable] = BaseUrl,
        [TokenVariable] = Token,
        [SecretVariable] = Secret,
    };

    /// <summary>What is wrong, each naming the variable; empty when the variables are fit for a release.</summary>
    /// <param name="requireHttps">Production pushes must be encrypted; a loopback Worker is exempt.</param>
    public IReadOnlyList<string> Problems(bool requireHttps)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(BaseUrl))
            problems.Add($"{BaseUrlVariable} is not set, so the orchestrator never syncs");
        else if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            problems.Add($"{BaseUrlVariable} '{BaseUrl}' is not an absolute http(s) URL");
        else
        {
            // The agent concatenates base and path as they are (D-O4): a trailing slash or a prefix breaks routing or
            // signatures.
            if (BaseUrl.EndsWith('/'))
                problems.Add($"{BaseUrlVariable} '{BaseUrl}' ends with '/', so the orchestrator would post to " +
                    $"'//v1/ingest/…'");
            else if (uri.AbsolutePath != "/")
                problems.Add($"{BaseUrlVariable} '{BaseUrl}' has the path prefix '{uri.AbsolutePath}', which the " +
                    $"Worker's ingest signature check refuses (D-O4, D-W1)");
            if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
                problems.Add($"{BaseUrlVariable} '{BaseUrl}' has a query or fragment, which the orchestrator would " +
                    $"glue before the path");
            if (requireHttps && uri.Scheme != "https" && !IsLoopback(uri))
                problems.Add($"{BaseUrlVariable} '{BaseUrl}' is not https, so the signed pushes would cross the " +
                    $"network in clear");
        }
        CheckSecret(problems, TokenVariable, Token);
        CheckSecret(problems, SecretVariable, Secret);
        return problems;
    }

    private static void CheckSecret(List<string> problems, string name, string? value)
    {
        // Values never go into messages: only what is wrong with them.
        if (string.IsNullOrEmpty(value))
            problems.Add($"{name} is not set (or empty), so the orchestrator's pushes are unauthenticated and the " +
                $"Worker refuses them");
        else if (DevValues.Contains(value))
            problems.Add($"{name} is a dev value ({value})");
        else if (value.Length < MinimumSecretLength)
            problems.Add($"{name} is only {value.Length} characters long (at least {MinimumSecretLength} required)");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}
