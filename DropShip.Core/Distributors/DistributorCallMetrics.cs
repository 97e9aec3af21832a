using System.Diagnostics;
using System.Net;
using DropShip.Core.Common;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace DropShip.Core.Distributors;

/// <summary>
/// The outermost handler of both distributor clients: one <see cref="DropShipMetrics.DistributorCall"/> per call as the
/// adapter sees it (permit wait and retries inside it), with the operation the adapter named and an outcome decided
/// here once. A 429 or our own limiter's refusal also counts as a rate-limit wait; refusals before sending (limiter,
/// breaker) are outcomes, not exceptions to log.
/// </summary>
public sealed class DistributorCallMetrics(DropShipMetrics metrics, string distributor, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = OperationOf(request);
        var started = clock.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var outcome = OutcomeOf(response.StatusCode);
            Record(operation, outcome, started);
            if (outcome == DropShipMetrics.Outcomes.RateLimited) metrics.RateLimited(distributor, DropShipMetrics.Sources.Distributor);
            return response;
        }
        catch (Exception failure) when (OutcomeOf(failure) is { } outcome)
        {
            Record(operation, outcome, started);
            if (failure is RateLimiterRejectedException) metrics.RateLimited(distributor, DropShipMetrics.Sources.Budget);
            throw;
        }
    }

    public static string OutcomeOf(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => DropShipMetrics.Outcomes.Success,
        401 or 403 => DropShipMetrics.Outcomes.CredentialsRejected,
        429 => DropShipMetrics.Outcomes.RateLimited,
        408 or >= 500 => DropShipMetrics.Outcomes.ServerError,
        _ => DropShipMetrics.Outcomes.Rejected,
    };

    public static string? OutcomeOf(Exception failure) => failure switch
    {
        RateLimiterRejectedException => DropShipMetrics.Outcomes.RateLimited,
        BrokenCircuitException => DropShipMetrics.Outcomes.BreakerOpen,
        TimeoutRejectedException or OperationCanceledException => DropShipMetrics.Outcomes.TimedOut,
        HttpRequestException => DropShipMetrics.Outcomes.Unreachable,
        _ => null,
    };

    /// <summary>
    /// The operation an adapter named (Tucker's TRWS type, Automatic's path, live stock), else the method and the path with
    /// every segment that carries an id (a digit or a capital: PO and part numbers) replaced by {id}, e.g. "GET orders/{id}":
    /// a small, fixed set of series that never carries a PO number or a key.
    /// </summary>
    public static string OperationOf(HttpRequestMessage request)
    {
        if (DistributorResilience.OperationOf(request) is { } named) return named;
        var segments = request.RequestUri is { IsAbsoluteUri: true } uri
            ? uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            : [];
        var template = string.Join('/', segments.TakeLast(MaxSegments).Select(segment => IsVersion(segment) || !segment.Any(c => char.IsDigit(c) || char.IsUpper(c)) ? segment : "{id}"));
        return $"{request.Method.Method} {template}";
    }

    private const int MaxSegments = 4;

    private static bool IsVersion(string segment) => segment.Length is >= 2 and <= 3 && segment[0] == 'v' && segment[1..].All(char.IsAsciiDigit);

    private void Record(string operation, string outcome, long started) =>
        metrics.DistributorCall(distributor, operation, outcome, clock.GetElapsedTime(started));
}
