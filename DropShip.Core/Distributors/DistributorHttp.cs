using System.Net;
using System.Net.Http.Headers;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace DropShip.Core.Distributors;

/// <summary>
/// One HTTP exchange with a distributor, with its own time limit, told apart into "answered", "timed out" and
/// "unreachable". Adapters decide what each means: for an order call a timeout is ambiguous, for a lookup it is a retry.
/// </summary>
public static class DistributorHttp
{
    /// <summary>Named HttpClient for lookups and verify (resilience: retries, breaker, rate limiter).</summary>
    public static string LookupClient(string distributorKey) => distributorKey;

    /// <summary>Named HttpClient for order calls: never retried.</summary>
    public static string OrderClient(string distributorKey) => distributorKey + ":orders";

    public static async Task<Exchange> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            return new Exchange.Answered(response.StatusCode, body, RetryAfter(response.Headers.RetryAfter));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Exchange.TimedOut();
        }
        catch (TimeoutRejectedException)
        {
            // The lookup pipeline's attempt timeout on the last attempt (Polly's exception is not an OperationCanceledException).
            return new Exchange.TimedOut();
        }
        catch (HttpRequestException ex)
        {
            // The message of HttpRequestException names the host but never the query string; still, keep only the kind.
            return new Exchange.Unreachable(ex.HttpRequestError.ToString());
        }
        catch (BrokenCircuitException)
        {
            // Refused locally by the circuit breaker (also its subclass IsolatedCircuitException): nothing was sent. Its
            // RetryAfter only exists from Polly.Core 8.5, and the version resolved through Http.Resilience may be older.
            return new Exchange.Refused("circuit open");
        }
        catch (RateLimiterRejectedException ex)
        {
            // Refused locally by the per-credential rate limiter: nothing was sent.
            return new Exchange.Refused("rate limited", ex.RetryAfter);
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    public abstract record Exchange
    {
        private Exchange() { }

        public sealed record Answered(HttpStatusCode Status, string Body, TimeSpan? RetryAfter) : Exchange
        {
            public bool IsSuccess => (int)Status is >= 200 and < 300;
            public bool IsServerError => (int)Status >= 500;
        }

        public sealed record TimedOut : Exchange;

        public sealed record Unreachable(string Reason) : Exchange;

        /// <summary>The local rate limiter or circuit breaker refused to send (nothing was sent).</summary>
        public sealed record Refused(string Reason, TimeSpan? RetryAfter = null) : Exchange;
    }

    /// <summary>Shared mapping of a lookup call that did not produce a usable answer.</summary>
    public static OrderLookup LookupProblem(string distributorName, Exchange exchange) => exchange switch
    {
        Exchange.Answered { Status: HttpStatusCode.TooManyRequests } a => new OrderLookup.RateLimited(a.RetryAfter),
        Exchange.Answered { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
            new OrderLookup.Failed($"{distributorName} refused the credentials.", InvalidCredentials: true),
        Exchange.Answered a => new OrderLookup.Failed($"{distributorName} answered HTTP {(int)a.Status}."),
        Exchange.TimedOut => new OrderLookup.Failed($"{distributorName} did not answer in time."),
        Exchange.Unreachable u => new OrderLookup.Failed($"{distributorName} is unreachable ({u.Reason})."),
        Exchange.Refused r => new OrderLookup.RateLimited(r.RetryAfter),
        _ => new OrderLookup.Failed($"{distributorName}: unexpected answer."),
    };

    public static VerifyResult VerifyFrom(string distributorName, Exchange exchange, Func<Exchange.Answered, bool>? credentialsRejected = null) => exchange switch
    {
        Exchange.Answered { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
            new VerifyResult(VerifyOutcome.InvalidCredentials, $"{distributorName} rejected the credentials."),
        Exchange.Answered a when credentialsRejected?.Invoke(a) == true =>
            new VerifyResult(VerifyOutcome.InvalidCredentials, $"{distributorName} rejected the credentials."),
        Exchange.Answered a when a.IsServerError =>
            new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} answered HTTP {(int)a.Status}; try again later."),
        Exchange.Answered { Status: HttpStatusCode.TooManyRequests } =>
            new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} is rate limiting; try again later."),
        Exchange.Answered => new VerifyResult(VerifyOutcome.Ok, $"{distributorName} accepted the credentials."),
        Exchange.TimedOut => new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} did not answer in time."),
        Exchange.Refused => new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} calls are paused by the local rate limiter or circuit breaker; try again later."),
        _ => new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} is unreachable."),
    };

    /// <summary>Classifies a distributor's rejection text when it carries no machine-readable code.</summary>
    public static RejectionCode ClassifyMessage(string? message)
    {
        var text = message?.ToLowerInvariant() ?? "";
        if (text.Contains("credit") || text.Contains("payment") || text.Contains("card") || text.Contains("hold") || text.Contains("balance"))
            return RejectionCode.PaymentProblem;
        if (text.Contains("duplicate")) return RejectionCode.DuplicatePoNumber;
        if (text.Contains("part") || text.Contains("item") || text.Contains("sku")) return RejectionCode.InvalidPart;
        if (text.Contains("api key") || text.Contains("token") || text.Contains("unauthenticated") || text.Contains("unauthorized"))
            return RejectionCode.InvalidCredentials;
        return RejectionCode.Other;
    }
}
