namespace DropShip.Core.Distributors.PartsUnlimited;

/// <summary>Parts Unlimited as the app registers it (its line in <see cref="DistributorModules.All"/>).</summary>
public static class PartsUnlimitedModule
{
    /// <summary>
    /// 2 lookup requests per second per credential (the conservative default): PU does throttle (a client in the wild
    /// handles its 429 + Retry-After) and limits its price file to two calls a day, so stay low.
    /// </summary>
    public static DistributorModule Module { get; } =
        DistributorModule.Of<PartsUnlimitedDistributor, PartsUnlimitedAvailability, PartsUnlimitedFeed>(PartsUnlimitedDistributor.Key, PartsUnlimitedDistributor.Hosts) with { FormerSection = "Distributors:PartsUnlimited" };
}
