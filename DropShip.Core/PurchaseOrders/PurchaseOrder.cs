using DropShip.Core.Common;

namespace DropShip.Core.PurchaseOrders;

public enum PurchaseOrderStatus
{
    /// <summary>Reserved; the distributor call is in flight.</summary>
    Submitting,
    /// <summary>The distributor gave no clear answer; to be looked up before anything else happens.</summary>
    Unconfirmed,
    Open,
    PartiallyShipped,
    Shipped,
    /// <summary>Six weeks without a complete shipment: no longer checked; the dealer must contact the distributor.</summary>
    TrackingStopped,
    /// <summary>The distributor never received it (found absent on reconciliation). The item may be submitted again.</summary>
    Failed,
}

/// <summary>The status sets the rules speak of, named once.</summary>
public static class PurchaseOrderStatuses
{
    /// <summary>The distributor may or may not have the order: it is looked up before anything else happens.</summary>
    public static bool AwaitsConfirmation(this PurchaseOrderStatus status) => status is PurchaseOrderStatus.Unconfirmed or PurchaseOrderStatus.Submitting;

    /// <summary>Still followed by a tracking monitor: everything that can still change at the distributor.</summary>
    public static bool IsTracked(this PurchaseOrderStatus status) => status.AwaitsConfirmation() || status is PurchaseOrderStatus.Open or PurchaseOrderStatus.PartiallyShipped;
}

/// <summary>
/// A drop-ship purchase order placed (or being placed) with one distributor for one or more items of one order: one line
/// per item (<see cref="Lines"/>). <see cref="ItemId"/>, <see cref="PartNumber"/>, <see cref="Quantity"/> and
/// <see cref="ItemDescription"/> are the first line's, as they were before POs had lines, so readers of a one-line PO see
/// no change.
/// </summary>
public sealed record PurchaseOrder
{
    private readonly IReadOnlyList<PurchaseOrderLine> lines = [];

    public required string StoreId { get; init; }
    public required string PoNumber { get; init; }
    public required string OrderId { get; init; }
    public required string ItemId { get; init; }
    public required string Distributor { get; init; }
    public required string PartNumber { get; init; }
    public required int Quantity { get; init; }
    public required PurchaseOrderStatus Status { get; init; }
    public bool TestMode { get; init; }
    public required ShipTo ShipTo { get; init; }
    public Customer? Customer { get; init; }
    public string? ItemDescription { get; init; }
    public string? OrderNumber { get; init; }
    public IReadOnlyList<string> DistributorOrderNumbers { get; init; } = [];

    /// <summary>
    /// The items this PO orders, in the order they were sent. Never empty: a PO stored before POs had lines has the one line
    /// its item fields describe.
    /// </summary>
    public IReadOnlyList<PurchaseOrderLine> Lines
    {
        get => lines.Count > 0 ? lines : [new PurchaseOrderLine(ItemId, PartNumber, Quantity, ItemDescription)];
        init => lines = value;
    }

    public IReadOnlyList<TrackedShipment> Shipments { get; init; } = [];

    /// <summary>The distributor parts that were offered when this PO was placed (SKU swap), with their standing then.</summary>
    public IReadOnlyList<OptionRecord> OptionsAvailable { get; init; } = [];

    /// <summary>The dealer accepted a backorder for this PO.</summary>
    public bool AllowBackorder { get; init; }

    /// <summary>What the distributor's live stock said just before the order call; null on POs from before the check existed.</summary>
    public StockAtSubmit? StockAtSubmit { get; init; }

    public string? StatusReason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ShippedAt { get; init; }

    public bool IsShipped => Status == PurchaseOrderStatus.Shipped;

    /// <summary>Units shipped per line (by item id), counted from the packages whose lines the distributor stated.</summary>
    public IReadOnlyDictionary<string, int> ShippedPerLine()
    {
        var lines = Lines;
        var shipped = lines.ToDictionary(l => l.ItemId, _ => 0, StringComparer.Ordinal);
        foreach (var line in Shipments.SelectMany(s => s.Lines ?? PackageOfOnlyLine(s)))
            if (shipped.TryGetValue(line.ItemId, out var units)) shipped[line.ItemId] = units + line.Quantity;
        return shipped;

        // A one-line PO's package with stated units (recorded before packages had lines) carries that line.
        IReadOnlyList<LineUnits> PackageOfOnlyLine(TrackedShipment s) =>
            lines.Count == 1 && s.Quantity is { } q ? [new LineUnits(lines[0].ItemId, lines[0].PartNumber, q)] : [];
    }

    /// <summary>Still followed by a tracking monitor.</summary>
    public bool IsTracked => Status.IsTracked();

    /// <summary>The distributor has not shown the order yet (no clear answer, or the process stopped before recording one): it is looked up, never resubmitted.</summary>
    public bool AwaitsConfirmation => Status.AwaitsConfirmation();
}

/// <param name="TrackingUrl">The carrier's public tracking page, when the carrier is known.</param>
/// <param name="CustomerEmail">What became of the customer's shipping email for this package.</param>
/// <param name="EmailAttempts">Sends that failed so far; after a few the email is given up (Failed) rather than retried forever.</param>
/// <param name="PlatformNotified">The order note and the platform webhook for this package are recorded (the webhook is in the outbox).</param>
/// <param name="Lines">The PO lines in this package and their units, where the distributor says which; null when it does not.</param>
public sealed record TrackedShipment(
    string TrackingNumber,
    string Carrier,
    Uri? TrackingUrl,
    DateOnly? ShipDate,
    int? Quantity,
    DateTimeOffset FoundAt,
    EmailStatus CustomerEmail = EmailStatus.Pending,
    int EmailAttempts = 0,
    bool PlatformNotified = false,
    IReadOnlyList<LineUnits>? Lines = null)
{
    public bool NotificationPending => CustomerEmail == EmailStatus.Pending || !PlatformNotified;
}

/// <summary>One item of a PO: the order item, the distributor part and units ordered for it.</summary>
/// <param name="StockAtSubmit">What the distributor's live stock said for this line just before the order call (multi-line POs; a one-line PO keeps it on the PO).</param>
public sealed record PurchaseOrderLine(string ItemId, string PartNumber, int Quantity, string? Description = null, StockAtSubmit? StockAtSubmit = null);

/// <summary>Units of one PO line: what a package carries of it (as the distributor stated), or what the PO orders of it (in events).</summary>
public sealed record LineUnits(string ItemId, string PartNumber, int Quantity);

/// <summary>The customer's shipping email for one package. Only Sent means the customer was emailed.</summary>
public enum EmailStatus
{
    /// <summary>Not done yet.</summary>
    Pending,
    Sent,
    /// <summary>No email service is configured: nothing was sent.</summary>
    NotConfigured,
    /// <summary>The order has no customer email address: nothing was sent.</summary>
    NoAddress,
    /// <summary>The email service refused it repeatedly: nothing was sent.</summary>
    Failed,
}

/// <summary>One distributor part as it stood at submission time.</summary>
public sealed record OptionRecord(string Distributor, string PartNumber, bool Eligible, int? Stock, decimal? DealerCost, bool Chosen);

/// <summary>One thing that happened to a PO, oldest first.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Type, string Message, IReadOnlyDictionary<string, string>? Data = null);

/// <summary>A submission the distributor rejected: no PO exists, but the attempt is kept.</summary>
/// <param name="Lines">Every line of the rejected PO (ItemId and PartNumber are the first line's).</param>
public sealed record SubmissionAttempt(DateTimeOffset At, string PoNumber, string OrderId, string ItemId, string Distributor, string PartNumber, string Code, string Message,
    IReadOnlyList<PurchaseOrderLine>? Lines = null);

/// <summary>The listing projection: what search and paging show and filter on. ItemId and PartNumber are the first line's; <paramref name="LineCount"/> says how many lines the PO has.</summary>
public sealed record PurchaseOrderSummary(
    string PoNumber,
    string OrderId,
    string ItemId,
    string Distributor,
    string PartNumber,
    PurchaseOrderStatus Status,
    bool Shipped,
    bool TestMode,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int LineCount = 1);
