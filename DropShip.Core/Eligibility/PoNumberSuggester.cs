using System.Text;
using DropShip.Core.Caching;
using DropShip.Core.Distributors;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Eligibility;

/// <summary>
/// Suggests PO numbers that are free in the store and acceptable to every distributor: "DS" + the order id's letters
/// and digits + "-" + a counter, e.g. DS1001-1, within the shortest PO limit (Parts Unlimited: 20). The taken numbers of
/// an order's series come from one range query, kept for <see cref="CacheOptions.PoNumbers"/>; the numbers the
/// order's own items hold come fresh from their claims. Submit still reserves a number atomically: the suggestion only
/// makes a clash unlikely.
/// </summary>
public sealed class PoNumberSuggester(PurchaseOrderStore purchaseOrders, DistributorRegistry distributors, TimeProvider clock, ReadCache cache)
{
    private const int MaxTries = 50;

    public int MaxLength => distributors.All.Min(d => d.Profile.Limits.PoNumberMaxLength);

    /// <summary>The order's series (DS{order}-1 to -50) and which of it the store has used.</summary>
    public async Task<PoNumberSeries> SeriesAsync(string storeId, string orderId, CancellationToken cancellationToken)
    {
        var series = Unread(orderId);
        // A long order id is cut shorter for two-digit counters, so the series can span two prefixes: both read at once.
        var (short1, long2) = (series.Prefix(1), series.Prefix(MaxTries));
        if (short1 == long2) return series with { Taken = await TakenAsync(storeId, short1, cancellationToken) };
        var both = await Task.WhenAll(TakenAsync(storeId, short1, cancellationToken), TakenAsync(storeId, long2, cancellationToken));
        return series with { Taken = both[0].Concat(both[1]).ToHashSet(StringComparer.Ordinal) };
    }

    /// <summary>
    /// The order's series without reading which of it is taken: for a caller that names every PO number itself (a submit),
    /// to which suggestions are never used, so the store is not asked.
    /// </summary>
    public PoNumberSeries Unread(string orderId)
    {
        var digits = new StringBuilder();
        foreach (var c in orderId.ToUpperInvariant()) if (char.IsAsciiLetterOrDigit(c)) digits.Append(c);
        return new PoNumberSeries(digits.Length > 0 ? digits.ToString() : clock.GetUtcNow().ToUnixTimeSeconds().ToString(),
            MaxLength, MaxTries, clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private async Task<IReadOnlySet<string>> TakenAsync(string storeId, string prefix, CancellationToken cancellationToken) =>
        await cache.GetOrReadAsync(CacheRegion.PoNumbers, storeId + "|" + prefix, token => purchaseOrders.PoNumbersStartingWithAsync(storeId, prefix, token), cancellationToken);
}

/// <summary>An order's candidate PO numbers, DS{stem}-1 up to -<paramref name="MaxTries"/>, and the ones the store has used.</summary>
public sealed record PoNumberSeries(string Stem, int MaxLength, int MaxTries, long FallbackSeed)
{
    public IReadOnlySet<string> Taken { get; init; } = new HashSet<string>();

    /// <summary>The <paramref name="n"/>th candidate: the stem keeps its last characters when the limit is short.</summary>
    public string Candidate(int n) => Prefix(n) + n;

    /// <summary>What the <paramref name="n"/>th candidate starts with, up to and including the dash.</summary>
    public string Prefix(int n)
    {
        var room = MaxLength - 2 - 1 - n.ToString().Length;
        return "DS" + (Stem.Length > room ? Stem[^room..] : Stem) + "-";
    }

    /// <summary><paramref name="count"/> distinct free numbers, none of them in <paramref name="inUse"/>.</summary>
    public IReadOnlyList<string> Pick(int count, IReadOnlyCollection<string> inUse)
    {
        var picked = new List<string>(count);
        for (var n = 1; n <= MaxTries && picked.Count < count; n++)
        {
            var candidate = Candidate(n);
            if (!Taken.Contains(candidate) && !inUse.Contains(candidate)) picked.Add(candidate);
        }
        // Fifty POs for one order id: fall back to time-based numbers (still reserved atomically at submit).
        for (var i = 0; picked.Count < count; i++)
            picked.Add(("DS" + (FallbackSeed + i))[..Math.Min(MaxLength, 15)]);
        return picked;
    }
}
