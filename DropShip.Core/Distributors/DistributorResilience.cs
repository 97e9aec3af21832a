using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using DropShip.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace DropShip.Core.Distributors;

/// <summary>
/// The two HTTP clients of every distributor, applied by AddDistributor:
/// <list type="bullet">
/// <item>LOOKUP client: retry (GET only; 429/5xx/408/network/attempt timeout; jittered exponential backoff; Retry-After honoured
/// up to <see cref="DistributorResilienceOptions.MaxRetryAfter"/>) -> circuit breaker (per distributor) -> rate limiter (per
/// credential, so every attempt, retries included, takes a permit) -> attempt timeout.</item>
/// <item>ORDER client: no resilience handler at all, and any handler added to every client through
/// ConfigureHttpClientDefaults is removed: a repeated order call could order twice, and a limiter or breaker refusing an
/// order would only turn a clear "not sent" into something adapters must special-case.</item>
/// </list>
/// Total time limit: one owner, <see cref="DistributorHttp.SendAsync"/>, with LookupTimeout/OrderTimeout. It covers the whole
/// exchange (permit wait, every attempt, backoff waits and reading the body, which a handler-level Polly timeout cannot see),
/// so the pipeline deliberately has no second total-timeout strategy that could disagree with it.
/// Both clients log through <see cref="DistributorHttpLogger"/> instead of the factory's default loggers: it never writes a
/// query string (Tucker's API key travels there), whatever the System.Net.Http.DisableUriRedaction switch says.
/// </summary>
public static class DistributorResilience
{
    /// <summary>
    /// Default for a distributor that publishes no limit: 2/s per credential. None of the four publishes one
    /// (docs/distributors.md); a distributor with a better-founded figure sets <see cref="DistributorModule.PermitsPerSecond"/>
    /// in its module, and every value can be overridden with Distributors:{key}:PermitsPerSecond.
    /// </summary>
    public const double ConservativePermitsPerSecond = 2;

    private static readonly HttpRequestOptionsKey<string> CredentialKey = new("DropShip.Distributor.Credential");
    private static readonly HttpRequestOptionsKey<bool> NotRetryableKey = new("DropShip.Distributor.NotRetryable");
    private static readonly HttpRequestOptionsKey<string> OperationKey = new("DropShip.Distributor.Operation");

    /// <summary>
    /// Marks a request with the caller's credential partition (store + distributor account + environment) so the rate
    /// limiter counts it against that account only. The store id is not secret; the secret itself is never used.
    /// <paramref name="retryable"/> false forbids retries even for a GET (Tucker places orders with a GET).
    /// </summary>
    public static HttpRequestMessage ForAccount(this HttpRequestMessage request, DistributorAccount account, string? operation = null, bool retryable = true)
    {
        request.Options.Set(CredentialKey, $"{account.Distributor}|{account.StoreId}|{(account.TestMode ? "test" : "production")}");
        if (operation is not null) request.Options.Set(OperationKey, operation);
        if (!retryable) request.Options.Set(NotRetryableKey, true);
        return request;
    }

    /// <summary>
    /// Forbids retries of one request without choosing its limiter partition, for callers whose adapter lets the
    /// partition fall back to the credential fingerprint (<see cref="PartitionOf"/>): they then share that one budget.
    /// </summary>
    public static HttpRequestMessage WithoutRetries(this HttpRequestMessage request, string operation)
    {
        request.Options.Set(OperationKey, operation);
        request.Options.Set(NotRetryableKey, true);
        return request;
    }

    /// <summary>
    /// The limiter partition of a request: the key <see cref="ForAccount"/> set, else (adapters that set none) a SHA-256
    /// fingerprint of the credential headers, so each credential still gets its own budget and no secret is kept in clear.
    /// </summary>
    public static string PartitionOf(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(CredentialKey, out var key)) return key;
        var credential = new StringBuilder();
        if (request.Headers.Authorization is { } authorization) credential.Append(authorization.Scheme).Append(' ').Append(authorization.Parameter);
        foreach (var name in new[] { "api-key", "x-api-key" })
            if (request.Headers.TryGetValues(name, out var values)) credential.Append('|').Append(string.Join(",", values));
        if (credential.Length == 0) return "shared";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential.ToString())))[..16];
    }

    /// <summary>Polly's name for the event of a rate limiter refusing an execution.</summary>
    public const string RateLimiterRejectedEvent = "OnRateLimiterRejected";

    /// <summary>Registers the resilience options and both named clients of one distributor.</summary>
    public static void AddDistributorClients(this IServiceCollection services, DistributorModule distributor, IConfiguration configuration)
    {
        var key = distributor.Key;
        services.AddSettings<DistributorResilienceOptions>(configuration, distributor.Section, DistributorResilienceOptions.Problems, name: key, defaults: options =>
        {
            options.PermitsPerSecond = distributor.PermitsPerSecond;
            distributor.BindFormerSection(configuration, options);
        });

        // Our own limiter refusing a call is the pacing working (the lookup is rescheduled, nothing was sent): Polly reports
        // it as an error, which would page someone for an expected event. It is information; every other event keeps its severity.
        services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = args =>
            args.Event.EventName == RateLimiterRejectedEvent ? ResilienceEventSeverity.Information : args.Event.Severity);

        services.AddHttpClient(DistributorHttp.LookupClient(key), client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(sp => CallMetrics(sp, key))
            .RemoveAllLoggers()
            .AddLogger(sp => new DistributorHttpLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger<DistributorHttpLogger>(), DistributorHttp.LookupClient(key)))
            .AddResilienceHandler("pipeline", (builder, context) => ConfigureLookupPipeline(builder, context, key));

        services.AddHttpClient(DistributorHttp.OrderClient(key), client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(sp => CallMetrics(sp, key))
            .RemoveAllLoggers()
            .AddLogger(sp => new DistributorHttpLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger<DistributorHttpLogger>(), DistributorHttp.OrderClient(key)))
            // What RemoveAllResilienceHandlers() does (still experimental, EXTEXP0001): drop any resilience handler, e.g. a
            // standard one a host adds to every client with ConfigureHttpClientDefaults (which retries POSTs unless told not to).
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                for (var i = handlers.Count - 1; i >= 0; i--)
                    if (handlers[i] is ResilienceHandler) handlers.RemoveAt(i);
            });
    }

    // Outermost, so it sees one call as the adapter does (limiter wait and retries inside it). Not a ResilienceHandler, so
    // the order client keeps it.
    private static DistributorCallMetrics CallMetrics(IServiceProvider services, string key) =>
        new(services.GetRequiredService<DropShipMetrics>(), key, services.GetService<TimeProvider>() ?? TimeProvider.System);

    private static void ConfigureLookupPipeline(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context, string key)
    {
        var services = context.ServiceProvider;
        var options = services.GetRequiredService<IOptionsMonitor<DistributorResilienceOptions>>().Get(key);
        var endpoint = services.GetRequiredService<IOptionsMonitor<DistributorEndpointOptions>>().Get(key);
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var metrics = services.GetRequiredService<DropShipMetrics>();
        // Coherent with the one total limit (LookupTimeout, owned by DistributorHttp.SendAsync): an attempt never gets longer
        // than the whole exchange, and a Retry-After that would leave no time for the retry is handed back instead of waited.
        var attemptTimeout = options.AttemptTimeout < endpoint.LookupTimeout ? options.AttemptTimeout : endpoint.LookupTimeout;
        var room = endpoint.LookupTimeout - attemptTimeout;
        var maxRetryAfter = options.MaxRetryAfter < room ? options.MaxRetryAfter : room;
        // The app's clock (TimeProvider.System unless a test injects a fake): backoff, Retry-After and the breaker use it.
        builder.TimeProvider = clock;

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = maxRetryAfter > options.RetryBaseDelay ? maxRetryAfter : options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome, maxRetryAfter, clock)),
                // Retry-After when the distributor sends one (exactly as told), else the jittered exponential backoff.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response, clock) : null),
                // A 429 that is retried is a wait the call handler never sees (it sees the final answer only).
                OnRetry = args =>
                {
                    if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests) metrics.RateLimited(key, DropShipMetrics.Sources.Distributor);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerDuration,
            // The distributor's health only: 401 and 429 are one credential's business, not a reason to stop every store.
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            OnOpened = _ =>
            {
                metrics.BreakerOpened(key);
                return default;
            },
        });

        if (options.PermitsPerSecond > 0)
        {
            var limiter = CreateLimiter(options);
            context.OnPipelineDisposed(limiter.Dispose);
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = args => limiter.AcquireAsync(
                    args.Context.GetRequestMessage() is { } request ? PartitionOf(request) : "shared", 1, args.Context.CancellationToken),
            });
        }

        builder.AddTimeout(attemptTimeout);
    }

    /// <summary>
    /// A token bucket per credential filled at PermitsPerSecond. A partitioned limiter refills its buckets on its own 100 ms
    /// tick, so the bucket holds a tenth of a second's permits (at least one): requests are paced almost evenly and no
    /// one-second window sees more than PermitsPerSecond plus that small bucket (a one-second bucket would allow twice the rate).
    /// </summary>
    private static PartitionedRateLimiter<string> CreateLimiter(DistributorResilienceOptions options)
    {
        var period = TimeSpan.FromSeconds(1 / options.PermitsPerSecond);
        var bucket = Math.Max(1, (int)Math.Ceiling(options.PermitsPerSecond / 10));
        return PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = period > TimeSpan.Zero ? period : TimeSpan.FromMilliseconds(1),
            QueueLimit = Math.Max(0, options.RateLimitQueue),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
    }

    private static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, TimeProvider clock)
    {
        // Only idempotent reads: a repeated POST (or Tucker's order GET) could order twice.
        if (context.GetRequestMessage() is not { } request || !(request.Method == HttpMethod.Get || request.Method == HttpMethod.Head)) return false;
        if (request.Options.TryGetValue(NotRetryableKey, out var notRetryable) && notRetryable) return false;
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException) return true;
        if (outcome.Result is not { } response) return false;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            return RetryAfter(response, clock) is not { } wait || wait <= maxRetryAfter;
        return IsServerFailure(response.StatusCode);
    }

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (outcome.Result is { } response && IsServerFailure(response.StatusCode));

    private static bool IsServerFailure(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.RequestTimeout;

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    internal static string? OperationOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(OperationKey, out var operation) ? operation : null;
}

/// <summary>
/// Logs each distributor HTTP attempt as method, scheme://host/path, status and time. Never the query string (Tucker's API key
/// is there), never headers (tokens), never an exception message: only the exception's type and HttpRequestError.
/// </summary>
public sealed class DistributorHttpLogger(ILogger<DistributorHttpLogger> logger, string client) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request)
    {
        logger.LogDebug("Sending {HttpMethod} {Endpoint} [{Operation}] via {Client}", request.Method, Endpoint(request), Operation(request), client);
        return null;
    }

    /// <summary>Debug for a 2xx (tracking polls every PO: keep Application Insights quiet), Information otherwise.</summary>
    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        logger.Log(response.IsSuccessStatusCode ? LogLevel.Debug : LogLevel.Information,
            "{HttpMethod} {Endpoint} [{Operation}] answered {StatusCode} in {ElapsedMs} ms via {Client}",
            request.Method, Endpoint(request), Operation(request), (int)response.StatusCode, (long)elapsed.TotalMilliseconds, client);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        logger.LogWarning("{HttpMethod} {Endpoint} [{Operation}] failed after {ElapsedMs} ms: {Failure} via {Client}",
            request.Method, Endpoint(request), Operation(request), (long)elapsed.TotalMilliseconds,
            exception is HttpRequestException http ? $"{nameof(HttpRequestException)} {http.HttpRequestError}" : exception.GetType().Name, client);

    /// <summary>scheme://host:port/path: no user info, no query, no fragment.</summary>
    public static string Endpoint(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri ? $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}" : "(relative)";

    private static string Operation(HttpRequestMessage request) => DistributorResilience.OperationOf(request) ?? "-";
}
