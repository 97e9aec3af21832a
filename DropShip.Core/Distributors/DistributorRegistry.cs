using DropShip.Core.Common;

namespace DropShip.Core.Distributors;

/// <summary>
/// The distributors this deployment supports, by route key: the one list every slice reads (connections, eligibility,
/// submission, tracking and feeds). A distributor is in it by its one line in <see cref="DistributorModules.All"/>.
/// </summary>
public sealed class DistributorRegistry(IEnumerable<IDistributor> distributors)
{
    /// <summary>Longer than any key; a longer value is refused before it is looked up or echoed.</summary>
    public const int MaxKeyLength = 40;

    private readonly Dictionary<string, IDistributor> byKey = distributors.ToDictionary(d => d.Profile.Key, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IDistributor> All => byKey.Values;

    public IReadOnlyList<string> Keys => [.. byKey.Keys.Order(StringComparer.Ordinal)];

    public IDistributor? Find(string? key) => key is not null && byKey.TryGetValue(key, out var distributor) ? distributor : null;

    /// <summary>The name people know a distributor by (<c>WPS</c>, <c>Parts Unlimited</c>) for every message a person reads;
    /// the key itself only for a distributor this deployment no longer has.</summary>
    public string DisplayNameOf(string key) => Find(key)?.Profile.DisplayName ?? key;

    public string KnownKeys => string.Join(", ", Keys);

    /// <summary>
    /// The one way a caller's distributor name becomes an adapter: null, with a field error naming <paramref name="field"/>,
    /// when the name is missing (and <paramref name=ErrorCodes.Required/>), malformed or not one of ours.
    /// </summary>
    public IDistributor? Resolve(string field, string? key, FieldErrors errors, bool required = true)
    {
        var text = errors.Text(field, key, MaxKeyLength, required, TextRule.QueryValue);
        if (text is null) return null;
        if (Find(text) is { } distributor) return distributor;
        errors.Add(field, ErrorCodes.UnknownDistributor, $"Unknown distributor '{text}'. Known: {KnownKeys}.");
        return null;
    }
}
