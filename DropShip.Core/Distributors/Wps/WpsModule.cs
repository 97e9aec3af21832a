namespace DropShip.Core.Distributors.Wps;

/// <summary>WPS as the app registers it (its line in <see cref="DistributorModules.All"/>).</summary>
public static class WpsModule
{
    /// <summary>
    /// 5 lookup requests per second per credential: none of the four distributors publishes a limit (docs/distributors.md);
    /// the only published limit in this trade is Turn 14's 5 GET/s per credential, and clients page through WPS's API with
    /// very large pages without being throttled, so that figure is safe here.
    /// </summary>
    public static DistributorModule Module { get; } =
        DistributorModule.Of<WpsDistributor, WpsAvailability, WpsFeed>(WpsDistributor.Key, WpsDistributor.Hosts) with { PermitsPerSecond = 5 };
}
