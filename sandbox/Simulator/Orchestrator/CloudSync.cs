using System.Net;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Simulator.Common;

namespace Simulator.Orchestrator;

/// <summary>The control agent of §5.7: signed POSTs to the Worker, retried on transient failures, failures only
/// logged.</summary>
public sealed class CloudSync
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly OrchestratorSettings _settings;
    private readonly Faults _faults;
    private readonly JsonLog _log;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private int _transientFailures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;

    public CloudSync(OrchestratorSettings settings, Faults faults, JsonLog log)
    {
        _settings = settings;
        _faults = faults;
        _log = log;
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(300),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnRetry = args => { CountTransient(); return ValueTask.CompletedTask; },
            })
            .Build();
    }

    public async Task PushAsync(string kind, string path, string body)
    {
        if (_settings.CloudBaseUrl is not { } baseUrl) return;
        try
        {
            if (_faults.Has("sync-fail"))
                throw new SyncException("control-agent http error: status=503 Service Unavailable (sandbox " +
                    "sync-fail fault)");
            if (DateTimeOffset.UtcNow < _openUntil)
                throw new SyncException("control-agent circuit open");
            using var response = await _retry.ExecuteAsync(async ct =>
            {
                // A fresh request per attempt: the timestamp and signature must be current.
                using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + path)
                {
                    Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
                };
                if (_settings.CloudToken is { } token && _settings.CloudSecret is { } secret)
                {
                    var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
                    request.Headers.TryAddWithoutValidation("authorization", $"Bearer {token}");
                    request.Headers.TryAddWithoutValidation("x-vvtv-ts", ts);
                    request.Headers.TryAddWithoutValidation("x-vvtv-signature",
                        Hmac.Sign(secret, Hmac.Canonical("POST", path, ts, body)));
                }
                return await Http.SendAsync(request, ct);
            });
            if (IsTransient(Outcome.FromResult(response))) CountTransient();
            if (!response.IsSuccessStatusCode)
                throw new SyncException($"control-agent http error: status={(int)response.StatusCode} " +
                    $"{response.ReasonPhrase}");
            var text = await response.Content.ReadAsStringAsync();
            if (!HasOkAndKind(text)) throw new SyncException("control-agent http error: response lacks " +
                "`ok` and `kind`");
            _log.Info($"cloudflare-{kind}-sync-ok", ("path", JsonText.Str(path)));
        }
        catch (Exception e) when (e is SyncException or HttpRequestException)
        {
            if (e is HttpRequestException) CountTransient();
            _log.Info($"cloudflare-{kind}-sync-failed", ("error", JsonText.Str(e.Message)));
        }
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException
        || outcome.Result is { } r && ((int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests);

    private void CountTransient()
    {
        if (++_transientFailures < 3) return;
        _transientFailures = 0;
        _openUntil = DateTimeOffset.UtcNow.AddSeconds(30);
    }

    private static bool HasOkAndKind(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("ok", out var ok) && ok.ValueKind is JsonValueKind.True or JsonValueKind.False
                && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed class SyncException(string message) : Exception(message);
}
