using DropShip.Core.Common;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Functions.PurchaseOrders;

/// <summary>A PO as the API shows it. The customer's contact details stay out: the platform already has them.</summary>
public sealed record PurchaseOrderView(
    string PoNumber,
    PurchaseOrderStatus Status,
    bool Shipped,
    string Distributor,
    string PartNumber,
    int Quantity,
    string OrderId,
    string ItemId,
    bool TestMode,
    IReadOnlyList<string> DistributorOrderNumbers,
    ShipTo ShipTo,
    IReadOnlyList<TrackedShipment> Shipments,
    IReadOnlyList<OptionRecord> OptionsAvailable,
    bool AllowBackorder,
    StockAtSubmit? StockAtSubmit,
    string? StatusReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ShippedAt,
    IReadOnlyList<TimelineEntry>? Timeline)
{
    public static PurchaseOrderView From(PurchaseOrder po, IReadOnlyList<TimelineEntry>? timeline) => new(
        po.PoNumber, po.Status, po.IsShipped, po.Distributor, po.PartNumber, po.Quantity, po.OrderId, po.ItemId, po.TestMode,
        po.DistributorOrderNumbers, po.ShipTo, po.Shipments, po.OptionsAvailable, po.AllowBackorder, po.StockAtSubmit, po.StatusReason, po.CreatedAt, po.UpdatedAt, po.ShippedAt, timeline);
}
