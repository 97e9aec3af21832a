using DropShip.Core.Distributors.Automatic;
using DropShip.Core.Distributors.PartsUnlimited;
using DropShip.Core.Distributors.Tucker;
using DropShip.Core.Distributors.Wps;

namespace DropShip.Core.Feeds;

/// <summary>The distributors that publish a feed, by the adapters' own keys (one definition of each key).</summary>
public static class FeedDistributors
{
    public const string Wps = WpsDistributor.Key;
    public const string PartsUnlimited = PartsUnlimitedDistributor.Key;
    public const string TuckerRocky = TuckerDistributor.Key;
    public const string Automatic = AutomaticDistributor.Key;

    public static IReadOnlyList<string> All { get; } = [Wps, PartsUnlimited, TuckerRocky, Automatic];

    public static bool IsKnown(string? distributor) => distributor is not null && All.Contains(distributor, StringComparer.Ordinal);
}
