using static DropShip.Core.Common.SettingsValidation;

namespace DropShip.Core.Distributors;

/// <summary>
/// How hard we may call one distributor (named options, name = distributor key), bound from the same section as its
/// <see cref="DistributorEndpointOptions"/>, e.g. Distributors:tucker-rocky:PermitsPerSecond. Applies to the LOOKUP client only
/// (status lookups, stock, verify); order calls are never retried, limited or broken (see <see cref="DistributorResilience"/>).
/// </summary>
public sealed class DistributorResilienceOptions
{
    /// <summary>Requests per second per credential (store + distributor account). 0 turns the limiter off.
    /// Default: the distributor's <see cref="DistributorModule.PermitsPerSecond"/>.</summary>
    public double PermitsPerSecond { get; set; } = DistributorResilience.ConservativePermitsPerSecond;

    /// <summary>Requests that may wait for a permit; beyond that a call is refused at once (tracking reschedules it).</summary>
    public int RateLimitQueue { get; set; } = 10;

    /// <summary>Retries after the first attempt (GETs only). 0 turns retries off.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter, when the distributor sends no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest Retry-After waited for in-process. A longer one is handed back (OrderLookup.RateLimited) so the
    /// tracking orchestration waits on a durable timer instead of holding a function instance.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time limit of one attempt (until the response headers). The total limit is
    /// <see cref="DistributorEndpointOptions.LookupTimeout"/>, enforced by <see cref="DistributorHttp.SendAsync"/>.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of failed calls (5xx, 408, timeouts, network errors) within the sampling window that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed within the sampling window before the breaker may open (Polly requires at least 2).</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one probe call is let through (Polly requires at least 0.5 s).</summary>
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Values Polly and the limiter would refuse at the first call, refused at start instead.</summary>
    public static IEnumerable<string?> Problems(DistributorResilienceOptions options, string section)
    {
        if (options.PermitsPerSecond < 0) yield return $"{Setting(section, nameof(PermitsPerSecond))} must be 0 (off) or more.";
        if (options.RateLimitQueue < 0) yield return $"{Setting(section, nameof(RateLimitQueue))} must be 0 or more.";
        if (options.MaxRetryAttempts is < 0 or > 10) yield return $"{Setting(section, nameof(MaxRetryAttempts))} must be from 0 to 10.";
        yield return NotNegativeProblem(options.RetryBaseDelay, Setting(section, nameof(RetryBaseDelay)));
        yield return NotNegativeProblem(options.MaxRetryAfter, Setting(section, nameof(MaxRetryAfter)));
        yield return PositiveProblem(options.AttemptTimeout, Setting(section, nameof(AttemptTimeout)));
        if (options.BreakerFailureRatio is <= 0 or > 1) yield return $"{Setting(section, nameof(BreakerFailureRatio))} must be above 0 and at most 1.";
        if (options.BreakerMinimumThroughput < 2) yield return $"{Setting(section, nameof(BreakerMinimumThroughput))} must be at least 2.";
        if (options.BreakerSamplingDuration < TimeSpan.FromSeconds(0.5)) yield return $"{Setting(section, nameof(BreakerSamplingDuration))} must be at least 0.5 s.";
        if (options.BreakerDuration < TimeSpan.FromSeconds(0.5)) yield return $"{Setting(section, nameof(BreakerDuration))} must be at least 0.5 s.";
    }
}
