using System.Net;
using System.Net.Http.Headers;
using DropShip.Core.Distributors.Answers;
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

    /// <param name="timeout">The whole exchange's limit, measured on <paramref name="clock"/> (the app's TimeProvider, so tests
    /// can move time on instead of waiting; none given means the system clock).</param>
    public static async Task<Exchange> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? clock = null)
    {
        var time = clock ?? TimeProvider.System;
        var started = time.GetTimestamp();
        var exchange = await ExchangeAsync(client, request, timeout, cancellationToken, time);
        // The go-live probe (and anything else recording) sees every exchange with its time; nothing is kept otherwise.
        DistributorCallRecording.Current?.Sent(request, exchange, time.GetElapsedTime(started));
        return exchange;
    }

    private static async Task<Exchange> ExchangeAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider clock)
    {
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            return new Exchange.Answered(response.StatusCode, body, RetryAfter(response, clock ?? TimeProvider.System))
            {
                ContentType = response.Content.Headers.ContentType?.MediaType,
            };
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
            return new Exchange.Unreachable(ex.HttpRequestError.ToString(), NothingSent: FailsBeforeSending(ex.HttpRequestError));
        }
        catch (BrokenCircuitException)
        {
            // Refused locally by the circuit breaker (also its subclass IsolatedCircuitException): nothing was sent. Its
            // RetryAfter only exists from Polly.Core 8.5, and the version resolved through Http.Resilience may be older.
            return new Exchange.Refused("circuit open", RetryAfter: null, RateLimited: false);
        }
        catch (RateLimiterRejectedException ex)
        {
            // Refused locally: the credential's budget (CallBudget) is spent until RetryAfter. Nothing was sent.
            return new Exchange.Refused("budget spent", ex.RetryAfter, RateLimited: true);
        }
    }

    /// <summary>
    /// Failures that happen while reaching the distributor (name lookup, TCP connect, TLS handshake, proxy tunnel), before
    /// a byte of the request is written: the distributor cannot have received it. Anything later (the connection dropped
    /// or the answer was cut short) may come after the distributor read the request.
    /// </summary>
    private static bool FailsBeforeSending(HttpRequestError error) => error is HttpRequestError.NameResolutionError
        or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    /// <summary>
    /// How long a response's Retry-After (HttpResponseMessage.Headers.RetryAfter, parsed by .NET) asks us to wait: the
    /// delta, or the time until its date (never negative); null when there is none. The one reading of the header.
    /// </summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    public abstract record Exchange
    {
        private Exchange() { }

        public sealed record Answered(HttpStatusCode Status, string Body, TimeSpan? RetryAfter) : Exchange
        {
            /// <summary>The media type the distributor said its body is (e.g. application/json), when it said one.</summary>
            public string? ContentType { get; init; }

            public bool IsSuccess => (int)Status is >= 200 and < 300;
            public bool IsServerError => (int)Status >= 500;
        }

        public sealed record TimedOut : Exchange;

        /// <param name="NothingSent">The failure came before any byte of the request was written (see FailsBeforeSending).</param>
        public sealed record Unreachable(string Reason, bool NothingSent) : Exchange;

        /// <summary>The credential's budget (<paramref name="RateLimited"/>) or the circuit breaker refused to send (nothing was sent).</summary>
        public sealed record Refused(string Reason, TimeSpan? RetryAfter, bool RateLimited) : Exchange;
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

    /// <summary>
    /// Shared mapping of an order call that got no answer. Only what cannot have reached the distributor is a clean
    /// rejection (nothing was ordered, the reservation is released); a time-out or a connection lost after sending may hide
    /// an accepted order, so it is Ambiguous and the PO is reconciled by lookups, never resubmitted.
    /// </summary>
    public static PlaceOrderResult OrderNotAnswered(string distributorName, Exchange exchange) => exchange switch
    {
        Exchange.Unreachable { NothingSent: true } u =>
            new PlaceOrderResult.Rejected(RejectionCode.Unavailable, $"{distributorName} could not be reached ({u.Reason}); nothing was sent, so nothing was ordered. Try again later."),
        Exchange.Refused =>
            new PlaceOrderResult.Rejected(RejectionCode.Unavailable, $"{distributorName} calls are paused locally; nothing was sent. Try again later."),
        Exchange.TimedOut => new PlaceOrderResult.Ambiguous($"{distributorName} did not answer the order call in time."),
        Exchange.Unreachable u => new PlaceOrderResult.Ambiguous($"The connection to {distributorName} failed during the order call ({u.Reason})."),
        _ => new PlaceOrderResult.Ambiguous($"{distributorName} gave no usable answer to the order call."),
    };

    /// <param name="clock">Turns a Retry-After into the time the dealer may verify again.</param>
    public static VerifyResult VerifyFrom(string distributorName, Exchange exchange, Func<Exchange.Answered, bool>? credentialsRejected = null, TimeProvider? clock = null) => exchange switch
    {
        Exchange.Answered { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
            new VerifyResult(VerifyOutcome.InvalidCredentials, $"{distributorName} rejected the credentials."),
        Exchange.Answered a when credentialsRejected?.Invoke(a) == true =>
            new VerifyResult(VerifyOutcome.InvalidCredentials, $"{distributorName} rejected the credentials."),
        Exchange.Answered a when a.IsServerError =>
            new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} answered HTTP {(int)a.Status}; try again later."),
        Exchange.Answered { Status: HttpStatusCode.TooManyRequests } a =>
            new VerifyResult(VerifyOutcome.RateLimited, $"{distributorName} is rate limiting these credentials; try again {After(a.RetryAfter, clock)}."),
        Exchange.Answered => new VerifyResult(VerifyOutcome.Ok, $"{distributorName} accepted the credentials."),
        Exchange.TimedOut => new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} did not answer in time."),
        Exchange.Refused { RateLimited: true } r => new VerifyResult(VerifyOutcome.RateLimited,
            $"The call budget for these {distributorName} credentials is spent (shared by every store and check that uses them); try again {After(r.RetryAfter, clock)}."),
        Exchange.Refused => new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} calls are paused by the circuit breaker after repeated failures; try again later."),
        _ => new VerifyResult(VerifyOutcome.Unreachable, $"{distributorName} is unreachable."),
    };

    private static string After(TimeSpan? retryAfter, TimeProvider? clock) =>
        retryAfter is { } wait ? $"after {(clock ?? TimeProvider.System).GetUtcNow() + wait:u}" : "later";

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
