using DropShip.Core.Distributors;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Distributors.Fifth;

/// <summary>The fifth distributor as the tests register it: its module and its emulator (its line in TestDistributors.TestOnly).</summary>
public static class FifthModule
{
    public static TestOnlyDistributor Distributor { get; } =
        new(DistributorModule.Of<FifthDistributor, FifthAvailability, FifthFeed>(FifthDistributor.Key, FifthDistributor.Hosts), new FifthEmulator());
}
