namespace DropShip.Core.Distributors.Automatic;

/// <summary>Automatic as the app registers it (its line in <see cref="DistributorModules.All"/>).</summary>
public static class AutomaticModule
{
    /// <summary>Nothing about Automatic's API is published: the conservative default of 2 lookup requests per second per credential.</summary>
    public static DistributorModule Module { get; } =
        DistributorModule.Of<AutomaticDistributor, AutomaticAvailability, AutomaticFeed>(AutomaticDistributor.Key, AutomaticDistributor.Hosts);
}
