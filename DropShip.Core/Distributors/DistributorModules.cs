using DropShip.Core.Distributors.Automatic;
using DropShip.Core.Distributors.PartsUnlimited;
using DropShip.Core.Distributors.Tucker;
using DropShip.Core.Distributors.Wps;
using DropShip.Core.Feeds.Parsing;
using Microsoft.Extensions.Configuration;

namespace DropShip.Core.Distributors;

/// <summary>
/// Everything one distributor brings, registered together: its adapter (orders, lookups, verify, its profile with display
/// name and order limits), its live stock port, its price/inventory file parser (with the feed's defaults), its published
/// hosts and its resilience defaults. Each distributor declares its own in its folder (e.g. <c>Wps/WpsModule.cs</c>).
/// </summary>
/// <param name="Key">The distributor's one name: route value, settings section (<see cref="Section"/>), feed source
/// (<c>Feeds:Sources:{key}</c>), webhook and stored value. Lower-case letters, digits and '-'.</param>
public sealed record DistributorModule(string Key, DistributorHosts Hosts, Type Adapter, Type Availability, Type Feed)
{
    /// <summary>The root of every distributor's settings section.</summary>
    public const string SectionRoot = "Distributors";

    /// <summary>Lookup requests per second per credential unless <c>Distributors:{key}:PermitsPerSecond</c> says otherwise.</summary>
    public double PermitsPerSecond { get; init; } = DistributorResilience.ConservativePermitsPerSecond;

    /// <summary>
    /// The section this distributor's settings had before sections were named by the key (e.g. <c>Distributors:Tucker</c>):
    /// still read, beneath <see cref="Section"/>, so a deployment set before the rename keeps working. Null when the old
    /// name was the key already (configuration keys ignore case: <c>Distributors:Wps</c> is <c>Distributors:wps</c>).
    /// </summary>
    public string? FormerSection { get; init; }

    /// <summary>Hosts, time limits and resilience settings: <c>Distributors:{key}</c>, e.g. <c>Distributors:tucker-rocky:BaseUrl</c>.</summary>
    public string Section => $"{SectionRoot}:{Key}";

    /// <summary>Settings still in <see cref="FormerSection"/> as defaults beneath <see cref="Section"/>.</summary>
    public void BindFormerSection(IConfiguration configuration, object options)
    {
        if (FormerSection is not null) configuration.GetSection(FormerSection).Bind(options);
    }

    public static DistributorModule Of<TAdapter, TAvailability, TFeed>(string key, DistributorHosts hosts)
        where TAdapter : class, IDistributor
        where TAvailability : class, IDistributorAvailability
        where TFeed : class, IDistributorFeed =>
        new(key, hosts, typeof(TAdapter), typeof(TAvailability), typeof(TFeed));
}

/// <summary>
/// The one list of distributors: adding one is its folder plus one line here (docs/distributors.md). Every slice reads it
/// through AddDropShipCore; the tests' generic suites and the API document's distributor enum follow it.
/// </summary>
public static class DistributorModules
{
    public static readonly IReadOnlyList<DistributorModule> All =
    [
        WpsModule.Module,
        PartsUnlimitedModule.Module,
        TuckerModule.Module,
        AutomaticModule.Module,
    ];
}
