using DropShip.Core.Distributors;

namespace DropShip.Tests.Distributors.Fifth;

/// <summary>The fifth distributor offers no live stock request: the morning feed figures stand, as for Automatic.</summary>
public sealed class FifthAvailability : IDistributorAvailability
{
    public string Distributor => FifthDistributor.Key;

    public string Source => "none";

    public int MaxPartsPerCall => 10;

    public Task<AvailabilityAnswer> CheckAsync(DistributorAccount account, IReadOnlyList<string> partNumbers, CancellationToken cancellationToken) =>
        Task.FromResult<AvailabilityAnswer>(new AvailabilityAnswer.NotOffered($"{FifthDistributor.Name} publishes no live stock request; the morning feed figures stand."));
}
