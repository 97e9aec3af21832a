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
}

/// <summary>
/// One webhook event. <paramref name="Id"/> is derived from what the event is about (type, PO, tracking number), so the
/// same fact always produces the same id: repeats are deduplicated here (outbox) and by the platform (event id).
/// </summary>
public sealed record PlatformEvent(
    string Id,
    string Type,
    DateTimeOffset OccurredAt,
    string StoreId,
    string PoNumber,
    string OrderId,
    string ItemId,
    string Distributor,
    IReadOnlyDictionary<string, object?> Data)
{
    /// <param name="about">What within the PO the event is about (a tracking number), part of the derived id.</param>
    public static PlatformEvent For(string type, PurchaseOrder po, DateTimeOffset at, IReadOnlyDictionary<string, object?> data, string? about = null) => new(
        DeterministicId.From(type, po.StoreId, po.PoNumber, about ?? "").ToString(),
        type, at, po.StoreId, po.PoNumber, po.OrderId, po.ItemId, po.Distributor, data);
}

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
