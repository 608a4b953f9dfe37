using System.Net;
using Octokit;
using Polly;
using Polly.Retry;
using Serilog;

namespace Publishing;

/// <summary>Signals that an attempt must be repeated after cleaning up (e.g. a half-stored upload was
/// deleted).</summary>
public sealed class RetryAttemptException(string message) : Exception(message);

/// <summary>The Polly retry pipeline for GitHub calls: 5xx, 429, secondary rate limits, timeouts and connection
/// errors.</summary>
public static class TransientRetry
{
    /// <summary>Builds the pipeline; rate-limit headers decide the delay when present.</summary>
    public static ResiliencePipeline Create(PublishRequest request, ILogger log, CancellationToken outer) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => IsTransient(ex, outer)),
                MaxRetryAttempts = Math.Max(request.MaxRetries, 1),
                Delay = request.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => ValueTask.FromResult(RateLimitDelay(args.Outcome.Exception,
                    request.MaxRateLimitWait)),
                OnRetry = args =>
                {
                    log.Warning("GitHub call failed ({Reason}); retry {Attempt} in {Delay}",
                        Describe(args.Outcome.Exception),
                        args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();

    /// <summary>True for failures that a later attempt may not see.</summary>
    public static bool IsTransient(Exception ex, CancellationToken outer) => ex switch
    {
        RetryAttemptException => true,
        OperationCanceledException => !outer.IsCancellationRequested, // an attempt's own timeout
        TimeoutException or HttpRequestException or IOException => true,
        ApiException api => (int)api.StatusCode >= 500 || api.StatusCode == (HttpStatusCode)429 ||
                            (api.StatusCode == HttpStatusCode.Forbidden && IsRateLimit(api)),
        _ => false,
    };

    private static bool IsRateLimit(ApiException api) =>
        api is RateLimitExceededException or SecondaryRateLimitExceededException ||
        Header(api, "retry-after") is not null || Header(api, "x-ratelimit-remaining") == "0" ||
        api.Message.Contains("rate limit", StringComparison.OrdinalIgnoreCase);

    /// <summary>The wait GitHub asked for, or null to use the back-off.</summary>
    public static TimeSpan? RateLimitDelay(Exception? ex, TimeSpan max)
    {
        if (ex is not ApiException api) return null;
        if (int.TryParse(Header(api, "retry-after"), out var seconds))
            return Min(TimeSpan.FromSeconds(Math.Max(seconds, 0)), max);
        if (Header(api, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(api, "x-ratelimit-reset"), out var reset))
            return Min(DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1),
                max);
        return null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan max) => a < TimeSpan.Zero ? TimeSpan.Zero : a > max ? max : a;

    private static string? Header(ApiException api, string name) =>
        api.HttpResponse?.Headers?.FirstOrDefault(h =>
            string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Describe(Exception? ex) => ex switch
    {
        ApiException api => $"HTTP {(int)api.StatusCode} {api.Message}",
        null => "no exception",
        _ => ex.GetType().Name + ": " + ex.Message,
    };
}
