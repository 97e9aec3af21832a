using System.Security.Cryptography;
using System.Text;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Platform;

/// <summary>What this service tells the platform. The platform owns orders, notes and marketplaces; it acts on these.</summary>
public static class PlatformEventTypes
{
    public const string PurchaseOrderCreated = "purchase_order.created";
    public const string TrackingFound = "purchase_order.tracking_found";
    public const string TrackingStopped = "purchase_order.tracking_stopped";
    public const string PurchaseOrderFailed = "purchase_order.failed";
    public const string NeedsAttention = "purchase_order.needs_attention";
    /// <summary>A PO that needed attention because its checks failed is checked successfully again.</summary>
    public const string AttentionCleared = "purchase_order.attention_cleared";
    /// <summary>The distributor refused a connection's credentials (about a connection: no PO fields).</summary>
    public const string CredentialsRejected = "connection.credentials_rejected";
}

/// <summary>
/// One webhook event. <see cref="Id"/> is derived from what the event is about (type, PO, tracking number), so the same
/// fact always produces the same id: repeats are deduplicated here (outbox) and by the platform (event id).
/// <see cref="Sequence"/> numbers one PO's events in the order they were stored (1, 2, ...), assigned by the outbox, so
/// the platform can order them even when a retry delivers an older one late. Built only by the factories below, one per
/// event type, so an event has the same shape wherever it is raised.
/// </summary>
public sealed record PlatformEvent
{
    private PlatformEvent(PurchaseOrder po, string type, DateTimeOffset at, object data, string? about)
    {
        Id = DeterministicId.From(type, po.StoreId, po.PoNumber, about ?? "").ToString();
        Type = type;
        OccurredAt = at;
        StoreId = po.StoreId;
        PoNumber = po.PoNumber;
        OrderId = po.OrderId;
        ItemId = po.ItemId;
        Distributor = po.Distributor;
        Data = data;
    }

    /// <summary>An event about a store's connection to a distributor: no PO, order or item.</summary>
    private PlatformEvent(string storeId, string distributor, string type, DateTimeOffset at, object data, string about)
    {
        Id = DeterministicId.From(type, storeId, "connection", distributor, about).ToString();
        Type = type;
        OccurredAt = at;
        StoreId = storeId;
        Distributor = distributor;
        Data = data;
    }

    public string Id { get; }
    public string Type { get; }
    public DateTimeOffset OccurredAt { get; }
    public string StoreId { get; }
    /// <summary>Null on a connection event.</summary>
    public string? PoNumber { get; }
    public string? OrderId { get; }
    public string? ItemId { get; }
    public string Distributor { get; }
    public long Sequence { get; init; }

    /// <summary>The event type's own record (serialized by its runtime type).</summary>
    public object Data { get; }

    /// <summary>The distributor accepted the PO (at submit, or when reconciliation found it).</summary>
    public static PlatformEvent Created(PurchaseOrder po, DateTimeOffset at) => new(po, PlatformEventTypes.PurchaseOrderCreated, at,
        new PurchaseOrderCreatedData(po.PartNumber, po.Quantity, po.DistributorOrderNumbers, po.TestMode, LinesOf(po)), about: null);

    public static PlatformEvent TrackingFound(PurchaseOrder po, TrackedShipment shipment, string note, DateTimeOffset at) => new(po, PlatformEventTypes.TrackingFound, at,
        new TrackingFoundData(shipment.TrackingNumber, shipment.Carrier, shipment.TrackingUrl, shipment.ShipDate, shipment.Quantity, po.IsShipped, note, shipment.Lines),
        about: shipment.TrackingNumber);

    /// <param name="distributorName">The distributor's display name, for the message.</param>
    public static PlatformEvent TrackingStopped(PurchaseOrder po, string distributorName, DateTimeOffset at) => new(po, PlatformEventTypes.TrackingStopped, at,
        new TrackingStoppedData($"PO {po.PoNumber} has not fully shipped within the tracking period. The dealer must contact {distributorName}.", po.Shipments.Count, LinesOf(po)),
        about: null);

    /// <param name="distributorName">The distributor's display name, for the message.</param>
    public static PlatformEvent Failed(PurchaseOrder po, string distributorName, DateTimeOffset at) => new(po, PlatformEventTypes.PurchaseOrderFailed, at,
        new PurchaseOrderFailedData(po.StatusReason ?? $"{distributorName} does not have PO {po.PoNumber}.", LinesOf(po)), about: null);

    /// <summary>The dealer must confirm an unconfirmed PO with the distributor (once per PO).</summary>
    public static PlatformEvent NeedsAttention(PurchaseOrder po, string message, DateTimeOffset at) => new(po, PlatformEventTypes.NeedsAttention, at,
        new NeedsAttentionData(message, LinesOf(po), Attention.AttentionReasons.Unconfirmed, null), about: null);

    /// <summary>A PO needs a person for <paramref name="reason"/> (an AttentionReasons code) since <paramref name="since"/>: once per reason and time.</summary>
    public static PlatformEvent NeedsAttention(PurchaseOrder po, string reason, string message, DateTimeOffset since, DateTimeOffset at) =>
        new(po, PlatformEventTypes.NeedsAttention, at, new NeedsAttentionData(message, LinesOf(po), reason, since), about: $"{reason}|{since.UtcTicks}");

    public static PlatformEvent AttentionCleared(PurchaseOrder po, string reason, string message, DateTimeOffset since, DateTimeOffset at) =>
        new(po, PlatformEventTypes.AttentionCleared, at, new AttentionClearedData(message, reason, since), about: $"{reason}|{since.UtcTicks}");

    public static PlatformEvent CredentialsRejected(string storeId, string distributor, Connections.CredentialsRejection rejection) =>
        new(storeId, distributor, PlatformEventTypes.CredentialsRejected, rejection.At,
            new CredentialsRejectedData(rejection.Call.ToString(), rejection.Message, rejection.At), about: rejection.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every line of the PO (ItemId, PartNumber and the data's partNumber/quantity are the first line's).</summary>
    private static IReadOnlyList<LineUnits> LinesOf(PurchaseOrder po) => po.Lines.Select(l => new LineUnits(l.ItemId, l.PartNumber, l.Quantity)).ToList();
}

/// <param name="PartNumber">The first line's part (the only one of a one-line PO); <paramref name="Lines"/> lists them all.</param>
public sealed record PurchaseOrderCreatedData(string PartNumber, int Quantity, IReadOnlyList<string> DistributorOrderNumbers, bool TestMode, IReadOnlyList<LineUnits> Lines);

/// <param name="Note">The order-note text for the platform to add to the order.</param>
/// <param name="Shipped">Everything on the PO has shipped.</param>
/// <param name="Lines">The PO lines in this package (item id, part number, units) where the distributor says which; null when it does not.</param>
public sealed record TrackingFoundData(string TrackingNumber, string Carrier, Uri? TrackingUrl, DateOnly? ShipDate, int? Quantity, bool Shipped, string Note, IReadOnlyList<LineUnits>? Lines);

/// <param name="Lines">Every line of the PO.</param>
public sealed record TrackingStoppedData(string Message, int Shipments, IReadOnlyList<LineUnits> Lines);

/// <param name="Lines">Every line of the PO: these items may be submitted again.</param>
public sealed record PurchaseOrderFailedData(string Message, IReadOnlyList<LineUnits> Lines);

/// <summary>The PO needs a person: why (an attention reason code: UNCONFIRMED, CHECKS_FAILING) and since when.</summary>
/// <param name="Lines">Every line of the PO.</param>
/// <param name="Since">When the problem began (the first failed check); null for UNCONFIRMED.</param>
public sealed record NeedsAttentionData(string Message, IReadOnlyList<LineUnits> Lines, string Reason, DateTimeOffset? Since);

/// <summary>The problem that made the PO need attention is over (its checks succeed again).</summary>
public sealed record AttentionClearedData(string Message, string Reason, DateTimeOffset Since);

/// <param name="Call">The call that found the credentials refused (PlaceOrder, LookUpOrder, Verify).</param>
public sealed record CredentialsRejectedData(string Call, string Message, DateTimeOffset RejectedAt);

/// <summary>Stable ids from content: the same parts always give the same GUID (first 16 bytes of SHA-256).</summary>
public static class DeterministicId
{
    public static Guid From(params string[] parts)
    {
        // Length-prefixed, so no choice of part contents can make two different lists hash the same text.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(parts.Select(p => $"{p.Length}:{p};"))));
        return new Guid(hash.AsSpan(0, 16));
    }
}
