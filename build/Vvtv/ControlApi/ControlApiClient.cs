using System.Net.Http.Headers;

namespace Vvtv;

/// <summary>
/// Client for the VVTV control API, also usable for the Worker: plain GETs, signed POSTs, a timeout per request
/// and no retries.
/// Transport failures surface as HttpRequestException, timeouts as TaskCanceledException; HTTP error codes are
/// returned, not thrown.
/// </summary>
public sealed class ControlApiClient : IDisposable
{
    /// <summary>Largest response body read; VVTV bodies are small.</summary>
    public const int MaxBodyBytes = TextInput.DefaultMaxBytes;

    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <summary>Creates a client for a base URL such as http://127.0.0.1:7070.</summary>
    public ControlApiClient(string baseUrl, TimeSpan? timeout = null)
    {
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"control API base URL '{baseUrl}' is not an absolute http(s) URL",
                nameof(baseUrl));
        _base = uri;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            MaxResponseContentBufferSize = MaxBodyBytes,
        };
    }

    /// <summary>The base URL.</summary>
    public Uri BaseUrl => _base;

    /// <summary>GET any path; returns status and body without judging them.</summary>
    public Task<HttpResult> GetAsync(string path, CancellationToken ct = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(path)), ct);

    /// <summary>GET /v1/status, requiring HTTP 200 and a valid body.</summary>
    public async Task<ApiStatus> GetStatusAsync(CancellationToken ct = default) =>
        ApiStatus.Parse(await GetOkBody("/v1/status", ct), "GET /v1/status");

    /// <summary>GET /v1/alerts, requiring HTTP 200 and a valid body.</summary>
    public async Task<ApiAlerts> GetAlertsAsync(CancellationToken ct = default) =>
        ApiAlerts.Parse(await GetOkBody("/v1/alerts", ct), "GET /v1/alerts");

    /// <summary>GET /metrics text, requiring HTTP 200.</summary>
    public Task<string> GetMetricsTextAsync(CancellationToken ct = default) => GetOkBody("/metrics", ct);

    /// <summary>POST a signed control call; returns the raw status and body so 401s can be asserted.</summary>
    public Task<HttpResult> PostSignedAsync(string path, string token, string secret, SignedCallOptions? options = null,
        CancellationToken ct = default)
    {
        options ??= new SignedCallOptions();
        var ts = options.TimestampOverride ?? HmacSigner.NowTimestamp();
        var signature = options.SignatureOverride ?? (options.SignBody
            ? HmacSigner.SignIngest(secret, AbsolutePath(path), ts, options.Body)
            : HmacSigner.SignControl(secret, AbsolutePath(path), ts));
        var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = new StringContent(options.Body) };
        request.Content.Headers.ContentType = options.Body.Length > 0 ? new MediaTypeHeaderValue("application/json")
            : null;
        if (!options.OmitAuthorization)
            request.Headers.TryAddWithoutValidation("Authorization", options.AuthorizationOverride
                ?? $"Bearer {token}");
        foreach (var (name, value) in options.ExtraHeaders)
            request.Headers.TryAddWithoutValidation(name, value);
        if (!options.OmitSignatureHeaders)
        {
            request.Headers.TryAddWithoutValidation("x-vvtv-ts", ts);
            request.Headers.TryAddWithoutValidation("x-vvtv-signature", signature);
        }
        return SendAsync(request, ct);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<string> GetOkBody(string path, CancellationToken ct)
    {
        var result = await GetAsync(path, ct);
        if (result.StatusCode != 200)
            throw new VvtvFormatException($"GET {path}", null,
                $"HTTP {result.StatusCode}, expected 200; body '{SoakSummary.Clip(result.Body)}'");
        return result.Body;
    }

    private async Task<HttpResult> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var body = TextInput.Decode(bytes, $"{request.Method} {request.RequestUri!.AbsolutePath}", MaxBodyBytes);
            return new HttpResult((int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString());
        }
    }

    private Uri Url(string path) => new(_base, path.TrimStart('/'));

    // The server signs the full original path, so a base URL with a prefix must be part of what we sign.
    private string AbsolutePath(string path) => Url(path).AbsolutePath;
}
