using System.Text;
using DropShip.Core.Distributors;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Eligibility;

/// <summary>
/// Suggests a PO number that is free in the store and acceptable to every distributor: "DS" + the order id's letters
/// and digits + "-" + a counter, e.g. DS1001-1, within the shortest PO limit (Parts Unlimited: 20).
/// Submit still reserves it atomically; the suggestion only makes a clash unlikely.
/// </summary>
public sealed class PoNumberSuggester(PurchaseOrderStore purchaseOrders, DistributorRegistry distributors, TimeProvider clock)
{
    private const int MaxTries = 50;

    public int MaxLength => distributors.All.Min(d => d.Profile.Limits.PoNumberMaxLength);

    public async Task<string> SuggestAsync(string storeId, string orderId, CancellationToken cancellationToken)
    {
        var digits = new StringBuilder();
        foreach (var c in orderId.ToUpperInvariant()) if (char.IsAsciiLetterOrDigit(c)) digits.Append(c);
        var stem = digits.Length > 0 ? digits.ToString() : clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        for (var n = 1; n <= MaxTries; n++)
        {
            var suffix = "-" + n;
            var room = MaxLength - 2 - suffix.Length;
            var candidate = "DS" + (stem.Length > room ? stem[^room..] : stem) + suffix;
            if (!await purchaseOrders.PoNumberExistsAsync(storeId, candidate, cancellationToken)) return candidate;
        }
        // Fifty POs for one order id: fall back to a time-based number (still reserved atomically at submit).
        return ("DS" + clock.GetUtcNow().ToUnixTimeMilliseconds())[..Math.Min(MaxLength, 15)];
    }
}
