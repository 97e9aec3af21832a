namespace DropShip.Core.Distributors.Automatic;

/// <summary>
/// Automatic Distributors: an integrator says its v2 API exposes real-time inventory and pricing, but no path, parameter or
/// field name is public. Asking a guessed endpoint could only produce figures nobody can trust, so live stock is "not
/// available" until Automatic documents it; the morning feed figures stand (docs/live-availability.md).
/// </summary>
public sealed class AutomaticAvailability : IDistributorAvailability
{
    public string Distributor => AutomaticDistributor.Key;

    public string Source => "none";

    public int MaxPartsPerCall => 10;

    public Task<AvailabilityAnswer> CheckAsync(DistributorAccount account, IReadOnlyList<string> partNumbers, CancellationToken cancellationToken) =>
        Task.FromResult<AvailabilityAnswer>(new AvailabilityAnswer.NotOffered(
            "Automatic Distributors publishes no live stock request; the morning feed figures stand."));
}
