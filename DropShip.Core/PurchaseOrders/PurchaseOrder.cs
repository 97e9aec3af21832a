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

/// <summary>A drop-ship purchase order placed (or being placed) with one distributor for one order item.</summary>
public sealed record PurchaseOrder
{
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

    /// <summary>Still followed by a tracking monitor.</summary>
    public bool IsTracked => Status.IsTracked();

    /// <summary>The distributor has not shown the order yet (no clear answer, or the process stopped before recording one): it is looked up, never resubmitted.</summary>
    public bool AwaitsConfirmation => Status.AwaitsConfirmation();
}

/// <param name="TrackingUrl">The carrier's public tracking page, when the carrier is known.</param>
/// <param name="CustomerEmail">What became of the customer's shipping email for this package.</param>
/// <param name="EmailAttempts">Sends that failed so far; after a few the email is given up (Failed) rather than retried forever.</param>
/// <param name="PlatformNotified">The order note and the platform webhook for this package are recorded (the webhook is in the outbox).</param>
public sealed record TrackedShipment(
    string TrackingNumber,
    string Carrier,
    Uri? TrackingUrl,
    DateOnly? ShipDate,
    int? Quantity,
    DateTimeOffset FoundAt,
    EmailStatus CustomerEmail = EmailStatus.Pending,
    int EmailAttempts = 0,
    bool PlatformNotified = false)
{
    public bool NotificationPending => CustomerEmail == EmailStatus.Pending || !PlatformNotified;
}

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
public sealed record SubmissionAttempt(DateTimeOffset At, string PoNumber, string OrderId, string ItemId, string Distributor, string PartNumber, string Code, string Message);

/// <summary>The listing projection: what search and paging show and filter on.</summary>
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
    DateTimeOffset UpdatedAt);
