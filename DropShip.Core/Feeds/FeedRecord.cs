namespace DropShip.Core.Feeds;

/// <summary>
/// One part as a distributor's morning file describes it, normalised across distributors.
/// Quantities are what the distributor discloses: when it caps them (WPS 25 per warehouse, Tucker 9, Parts Unlimited
/// "10+") the capped figure is kept as a floor and <see cref="QuantityIsFloor"/> says so.
/// </summary>
public sealed record FeedRecord(
    string PartNumber,
    int Quantity,
    bool QuantityIsFloor,
    IReadOnlyList<WarehouseStock> Warehouses,
    decimal? DealerCost,
    decimal? Retail,
    decimal? Map,
    PartAvailability Availability,
    string? Status)
{
    /// <summary>Where the record came from, to report a duplicate part number the way a malformed line is reported.</summary>
    public string? SourceFile { get; init; }

    public long LineNumber { get; init; }
}

/// <param name="IsFloor">The distributor capped this figure: at least this many are available.</param>
public readonly record struct WarehouseStock(string Warehouse, int Quantity, bool IsFloor);

/// <summary>A line that could not be turned into a record. It is counted and reported; it never aborts the file.</summary>
public sealed record RejectedLine(string File, long LineNumber, string Reason, string Excerpt);
