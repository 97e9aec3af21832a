namespace DropShip.Core.Distributors.Tucker;

/// <summary>Tucker Rocky as the app registers it (its line in <see cref="DistributorModules.All"/>).</summary>
public static class TuckerModule
{
    /// <summary>TRWS publishes no rate limit: the conservative default of 2 lookup requests per second per credential.</summary>
    public static DistributorModule Module { get; } =
        DistributorModule.Of<TuckerDistributor, TuckerAvailability, TuckerFeed>(TuckerDistributor.Key, TuckerDistributor.Hosts) with { FormerSection = "Distributors:Tucker" };
}
