namespace DropShip.Core.Feeds;

/// <summary>What eligibility and the SKU swap read from the morning feeds: the last known stock and cost of one part.</summary>
public interface IStockLookup
{
    /// <returns>The latest snapshot, or null when no feed has ever listed this part.</returns>
    Task<StockSnapshot?> FindAsync(string distributor, string partNumber, CancellationToken cancellationToken);
}

/// <param name="Quantity">Total across warehouses. Distributors cap what they disclose, so this is a floor when <paramref name="QuantityIsFloor"/>.</param>
/// <param name="AsOf">When the feed that produced this snapshot was ingested.</param>
public sealed record StockSnapshot(
    string Distributor,
    string PartNumber,
    int Quantity,
    bool QuantityIsFloor,
    decimal? DealerCost,
    decimal? Retail,
    decimal? Map,
    PartAvailability Availability,
    DateTimeOffset AsOf);

public enum PartAvailability { Available, Closeout, NoLongerAvailable, Unavailable }
