using DropShip.Core.Distributors.Automatic;
using DropShip.Core.Distributors.PartsUnlimited;
using DropShip.Core.Distributors.Tucker;
using DropShip.Core.Distributors.Wps;
using DropShip.Core.Feeds.Parsing;

namespace DropShip.Core.Distributors;

/// <summary>
/// Everything one distributor brings, registered together: its adapter (orders, lookups, verify), its live stock port and
/// its price/inventory file parser, with the configuration section of its hosts and resilience settings.
/// </summary>
public sealed record DistributorModule(string Key, string Section, DistributorHosts Hosts, Type Adapter, Type Availability, Type Feed)
{
    public static DistributorModule Of<TAdapter, TAvailability, TFeed>(string key, string section, DistributorHosts hosts)
        where TAdapter : class, IDistributor
        where TAvailability : class, IDistributorAvailability
        where TFeed : class, IDistributorFeed =>
        new(key, section, hosts, typeof(TAdapter), typeof(TAvailability), typeof(TFeed));
}

/// <summary>The one list of distributors: adding one is its folder plus one line here. Every slice reads it.</summary>
public static class DistributorModules
{
    public static readonly IReadOnlyList<DistributorModule> All =
    [
        DistributorModule.Of<WpsDistributor, WpsAvailability, WpsFeed>(WpsDistributor.Key, "Distributors:Wps", WpsDistributor.Hosts),
        DistributorModule.Of<PartsUnlimitedDistributor, PartsUnlimitedAvailability, PartsUnlimitedFeed>(PartsUnlimitedDistributor.Key, "Distributors:PartsUnlimited", PartsUnlimitedDistributor.Hosts),
        DistributorModule.Of<TuckerDistributor, TuckerAvailability, TuckerFeed>(TuckerDistributor.Key, "Distributors:Tucker", TuckerDistributor.Hosts),
        DistributorModule.Of<AutomaticDistributor, AutomaticAvailability, AutomaticFeed>(AutomaticDistributor.Key, "Distributors:Automatic", AutomaticDistributor.Hosts),
    ];
}
