using DropShip.Core.Common;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;

namespace DropShip.Functions.PurchaseOrders;

/// <summary>
/// A PO as the API shows it, saying only what happened: per package whether the customer was emailed (or why not) and,
/// with the timeline, each platform event and whether the platform has it. The customer's contact details stay out: the
/// platform already has them.
/// </summary>
/// <param name="NeedsAttention">The dealer was asked to confirm the PO with the distributor and it is still unconfirmed (DealerConfirmation.IsAwaited): confirm with it before ordering the item again (only with the timeline).</param>
/// <param name="PlatformEvents">What the platform was told, in the PO's event order (only with the timeline).</param>
/// <param name="PartNumber">The first line's (the only one of a one-line PO); <paramref name="Lines"/> lists every line.</param>
/// <param name="Lines">The PO's items with the units shipped of each so far.</param>
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
    IReadOnlyList<PurchaseOrderLineView> Lines,
    IReadOnlyList<ShipmentView> Shipments,
    IReadOnlyList<OptionRecord> OptionsAvailable,
    bool AllowBackorder,
    StockAtSubmit? StockAtSubmit,
    string? StatusReason,
    bool? NeedsAttention,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ShippedAt,
    IReadOnlyList<PlatformEventView>? PlatformEvents,
    IReadOnlyList<TimelineEntry>? Timeline)
{
    public static PurchaseOrderView From(PurchaseOrder po, IReadOnlyList<TimelineEntry>? timeline) => new(
        po.PoNumber, po.Status, po.IsShipped, po.Distributor, po.PartNumber, po.Quantity, po.OrderId, po.ItemId, po.TestMode,
        po.DistributorOrderNumbers, po.ShipTo,
        PurchaseOrderLineView.Of(po),
        po.Shipments.Select(s => new ShipmentView(s.TrackingNumber, s.Carrier, s.TrackingUrl, s.ShipDate, s.Quantity, s.FoundAt, s.CustomerEmail, s.PlatformNotified, s.Lines)).ToList(),
        po.OptionsAvailable, po.AllowBackorder, po.StockAtSubmit, po.StatusReason,
        timeline is null ? null : DealerConfirmation.IsAwaited(po, timeline),
        po.CreatedAt, po.UpdatedAt, po.ShippedAt,
        timeline is null ? null : PlatformEventView.From(timeline),
        timeline);
}

/// <param name="CustomerEmail">Sent; NotConfigured, NoAddress or Failed (nothing was sent); or Pending.</param>
/// <param name="PlatformNotified">The order note and the tracking event for this package were handed to the outbox (see PlatformEvents for delivery).</param>
/// <param name="Lines">The PO lines in this package and their units, where the distributor says which; null when it does not.</param>
public sealed record ShipmentView(
    string TrackingNumber,
    string Carrier,
    Uri? TrackingUrl,
    DateOnly? ShipDate,
    int? Quantity,
    DateTimeOffset FoundAt,
    EmailStatus CustomerEmail,
    bool PlatformNotified,
    IReadOnlyList<LineUnits>? Lines);

/// <summary>One item of the PO and how many of its units have shipped, counted from the packages whose lines the distributor stated.</summary>
/// <param name="QuantityShipped">Units shipped so far; a PO is PartiallyShipped until every line's units have (or the distributor says it is complete).</param>
public sealed record PurchaseOrderLineView(string ItemId, string PartNumber, int Quantity, string? Description, int QuantityShipped, StockAtSubmit? StockAtSubmit)
{
    public static IReadOnlyList<PurchaseOrderLineView> Of(PurchaseOrder po)
    {
        var shipped = po.ShippedPerLine();
        // A PO the distributor calls complete has shipped every line, whatever the packages stated.
        return po.Lines.Select(l => new PurchaseOrderLineView(l.ItemId, l.PartNumber, l.Quantity, l.Description,
            po.IsShipped ? Math.Max(l.Quantity, shipped.GetValueOrDefault(l.ItemId)) : shipped.GetValueOrDefault(l.ItemId), l.StockAtSubmit)).ToList();
    }
}

/// <summary>One webhook event of the PO and whether the platform has it, read from the webhook entries of the timeline.</summary>
public sealed record PlatformEventView(string EventId, string Type, long Sequence, DeliveryStatus Delivery, int FailedAttempts)
{
    public static IReadOnlyList<PlatformEventView> From(IReadOnlyList<TimelineEntry> timeline) => timeline
        .Where(e => e.Type is TimelineEntryTypes.WebhookQueued or TimelineEntryTypes.WebhookDelivered or TimelineEntryTypes.WebhookFailed or TimelineEntryTypes.WebhookAbandoned
                    && e.Data is not null && e.Data.ContainsKey("eventId"))
        .GroupBy(e => e.Data!["eventId"])
        .Select(g => new PlatformEventView(
            g.Key,
            g.Select(e => e.Data!.GetValueOrDefault("eventType")).FirstOrDefault(t => t is not null) ?? "",
            g.Select(e => long.TryParse(e.Data!.GetValueOrDefault("sequence"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0).Max(),
            g.Any(e => e.Type == TimelineEntryTypes.WebhookDelivered) ? DeliveryStatus.Delivered
                : g.Any(e => e.Type == TimelineEntryTypes.WebhookAbandoned) ? DeliveryStatus.Abandoned
                : DeliveryStatus.Pending,
            g.Count(e => e.Type == TimelineEntryTypes.WebhookFailed)))
        .OrderBy(v => v.Sequence)
        .ToList();
}
