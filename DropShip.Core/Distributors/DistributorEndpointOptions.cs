using static DropShip.Core.Common.SettingsValidation;

namespace DropShip.Core.Distributors;

/// <summary>
/// Hosts and time limits for one distributor (named options, name = distributor key). Configuration section
/// "Distributors:{key}" (<see cref="DistributorModule.Section"/>), e.g. Distributors:wps:BaseUrl. Base URLs end with '/'.
/// </summary>
public sealed class DistributorEndpointOptions
{
    public Uri? BaseUrl { get; set; }

    /// <summary>The distributor's test/staging host, used when a store turns test mode on.</summary>
    public Uri? TestBaseUrl { get; set; }

    /// <summary>How long an order call may take before its outcome is treated as unknown (Unconfirmed).</summary>
    public TimeSpan OrderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of a status lookup or verify call.</summary>
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public static IEnumerable<string?> Problems(DistributorEndpointOptions options, string section)
    {
        yield return HttpUrlProblem(options.BaseUrl, Setting(section, nameof(BaseUrl)), required: true);
        yield return HttpUrlProblem(options.TestBaseUrl, Setting(section, nameof(TestBaseUrl)), required: false);
        yield return PositiveProblem(options.OrderTimeout, Setting(section, nameof(OrderTimeout)));
        yield return PositiveProblem(options.LookupTimeout, Setting(section, nameof(LookupTimeout)));
    }

    public Uri BaseFor(DistributorAccount account, string distributorName)
    {
        var uri = account.TestMode ? TestBaseUrl : BaseUrl;
        return uri ?? throw new InvalidOperationException(
            $"{distributorName} {(account.TestMode ? "test" : "production")} base URL is not configured.");
    }
}

/// <summary>A distributor's published hosts: the defaults of its endpoint options.</summary>
public sealed record DistributorHosts(Uri Production, Uri? Test);
