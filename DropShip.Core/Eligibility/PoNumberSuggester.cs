using System.Text;
using DropShip.Core.Distributors;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Storage;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Eligibility;

/// <summary>
/// Suggests PO numbers that are free in the store and acceptable to every distributor: "DS" + the order id's letters
/// and digits + "-" + a counter, e.g. DS1001-1, within the shortest PO limit (Parts Unlimited: 20). The taken numbers of
/// an order's series come from one range query, kept for <see cref="ReadCacheOptions.PoNumbers"/>; the numbers the
/// order's own items hold come fresh from their claims. Submit still reserves a number atomically: the suggestion only
/// makes a clash unlikely.
/// </summary>
public sealed class PoNumberSuggester(PurchaseOrderStore purchaseOrders, DistributorRegistry distributors, TimeProvider clock, IOptions<ReadCacheOptions> caching)
{
    private const int MaxTries = 50;
    private readonly ReadCache<(string StoreId, string Prefix), IReadOnlySet<string>> taken = new(clock, caching.Value.PoNumbers, capacity: 10_000);

    public int MaxLength => distributors.All.Min(d => d.Profile.Limits.PoNumberMaxLength);

    /// <summary>The order's series (DS{order}-1 to -50) and which of it the store has used.</summary>
    public async Task<PoNumberSeries> SeriesAsync(string storeId, string orderId, CancellationToken cancellationToken)
    {
        var digits = new StringBuilder();
        foreach (var c in orderId.ToUpperInvariant()) if (char.IsAsciiLetterOrDigit(c)) digits.Append(c);
        var stem = digits.Length > 0 ? digits.ToString() : clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        var candidates = new List<string>(MaxTries);
        for (var n = 1; n <= MaxTries; n++)
        {
            var suffix = "-" + n;
            var room = MaxLength - 2 - suffix.Length;
            candidates.Add("DS" + (stem.Length > room ? stem[^room..] : stem) + suffix);
        }
        // A long order id is cut shorter for two-digit counters, so the series can span two prefixes: both read at once.
        var prefixes = candidates.Select(c => c[..(c.LastIndexOf('-') + 1)]).Distinct(StringComparer.Ordinal);
        var used = await Task.WhenAll(prefixes.Select(prefix =>
            taken.GetOrReadAsync((storeId, prefix), (key, ct) => purchaseOrders.PoNumbersStartingWithAsync(key.StoreId, key.Prefix, ct), cancellationToken)));
        return new PoNumberSeries(candidates, used.SelectMany(u => u).ToHashSet(StringComparer.Ordinal), clock.GetUtcNow().ToUnixTimeMilliseconds(), MaxLength);
    }
}

/// <summary>An order's candidate PO numbers in order, and the ones the store has used.</summary>
public sealed record PoNumberSeries(IReadOnlyList<string> Candidates, IReadOnlySet<string> Taken, long FallbackSeed, int MaxLength)
{
    /// <summary><paramref name="count"/> distinct free numbers, none of them in <paramref name="inUse"/>.</summary>
    public IReadOnlyList<string> Pick(int count, IEnumerable<string> inUse)
    {
        var busy = new HashSet<string>(Taken, StringComparer.Ordinal);
        busy.UnionWith(inUse);
        var picked = Candidates.Where(c => !busy.Contains(c)).Take(count).ToList();
        // Fifty POs for one order id: fall back to time-based numbers (still reserved atomically at submit).
        for (var i = 0; picked.Count < count; i++)
            picked.Add(("DS" + (FallbackSeed + i))[..Math.Min(MaxLength, 15)]);
        return picked;
    }
}
