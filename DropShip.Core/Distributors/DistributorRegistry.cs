namespace DropShip.Core.Distributors;

/// <summary>The distributors this deployment supports, by route key.</summary>
public sealed class DistributorRegistry(IEnumerable<IDistributor> distributors)
{
    private readonly Dictionary<string, IDistributor> byKey = distributors.ToDictionary(d => d.Profile.Key, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IDistributor> All => byKey.Values;

    public IDistributor? Find(string? key) => key is not null && byKey.TryGetValue(key, out var distributor) ? distributor : null;

    public string KnownKeys => string.Join(", ", byKey.Keys.Order(StringComparer.Ordinal));
}
