using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using Microsoft.Extensions.Logging;

namespace DropShip.Core.Tracking;

/// <summary>
/// Tells everyone about new packages (the NotifyShipment activity): per tracking number, an order note and a signed
/// platform webhook, then the customer email. Each side effect is done at most once per tracking number even when the
/// activity runs twice: the PO records what is done; the webhook id and the email operation id are derived from
/// PO + tracking number, so a repeat after a crash is deduplicated by the outbox and by the email service.
/// </summary>
public sealed class ShipmentNotifier(
    PurchaseOrderStore purchaseOrders,
    WebhookOutbox webhooks,
    ICustomerEmailSender email,
    TimeProvider clock,
    ILogger<ShipmentNotifier> logger)
{
    public async Task NotifyAsync(NotifyShipmentInput input, CancellationToken cancellationToken)
    {
        foreach (var trackingNumber in input.TrackingNumbers)
        {
            await NoteAndWebhookAsync(input, trackingNumber, cancellationToken);
            await EmailAsync(input, trackingNumber, cancellationToken);
        }
    }

    public static Guid EmailOperationId(string storeId, string poNumber, string trackingNumber) =>
        DeterministicId.From("shipping-email", storeId, poNumber, trackingNumber);

    private async Task NoteAndWebhookAsync(NotifyShipmentInput input, string trackingNumber, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(input.StoreId, input.PoNumber, cancellationToken) is not { } stored) return;
        var shipment = Find(stored.Po, trackingNumber);
        if (shipment is null || shipment.PlatformNotified) return;

        var now = clock.GetUtcNow();
        var note = ShipmentMessages.OrderNote(stored.Po, shipment);
        var e = PlatformEvent.For(PlatformEventTypes.TrackingFound, stored.Po, now, new Dictionary<string, object?>
        {
            ["trackingNumber"] = shipment.TrackingNumber,
            ["carrier"] = shipment.Carrier,
            ["trackingUrl"] = shipment.TrackingUrl,
            ["shipDate"] = shipment.ShipDate,
            ["quantity"] = shipment.Quantity,
            ["shipped"] = stored.Po.IsShipped,
            ["note"] = note,
        }, about: shipment.TrackingNumber);
        // Outbox first: if we stop right after, the rerun finds the event already there and only records the flag.
        await webhooks.EnqueueAsync(e, cancellationToken);
        await purchaseOrders.MutateAsync(input.StoreId, input.PoNumber, current => Find(current, trackingNumber) is { PlatformNotified: false } s
            ? new PoChange(Replace(current, s with { PlatformNotified = true }, now), [new TimelineEntry(now, "OrderNote", note,
                new Dictionary<string, string> { ["trackingNumber"] = trackingNumber, ["eventId"] = e.Id })])
            : null, cancellationToken);
        await webhooks.DeliverAsync(e.StoreId, e.Id, cancellationToken);
    }

    private async Task EmailAsync(NotifyShipmentInput input, string trackingNumber, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(input.StoreId, input.PoNumber, cancellationToken) is not { } stored) return;
        var po = stored.Po;
        if (Find(po, trackingNumber) is not { CustomerEmailed: false } shipment) return;

        var to = po.Customer?.Email ?? po.ShipTo.Email;
        string outcome;
        if (to is null) outcome = "No customer email address on the order: shipping email not sent.";
        else if (!email.Enabled) outcome = "Email is not configured: shipping email not sent.";
        else
        {
            await email.SendAsync(ShipmentMessages.ShippingEmail(po, shipment, to), EmailOperationId(po.StoreId, po.PoNumber, trackingNumber), cancellationToken);
            outcome = $"Shipping email sent to the customer for tracking {trackingNumber}.";
            logger.LogInformation("Shipping email sent for PO {PoNumber} of store {StoreId}", po.PoNumber, po.StoreId);
        }
        var now = clock.GetUtcNow();
        await purchaseOrders.MutateAsync(input.StoreId, input.PoNumber, current => Find(current, trackingNumber) is { CustomerEmailed: false } s
            ? new PoChange(Replace(current, s with { CustomerEmailed = true }, now), [new TimelineEntry(now, "CustomerEmail", outcome,
                new Dictionary<string, string> { ["trackingNumber"] = trackingNumber })])
            : null, cancellationToken);
    }

    private static TrackedShipment? Find(PurchaseOrder po, string trackingNumber) =>
        po.Shipments.FirstOrDefault(s => string.Equals(s.TrackingNumber, trackingNumber, StringComparison.OrdinalIgnoreCase));

    private static PurchaseOrder Replace(PurchaseOrder po, TrackedShipment shipment, DateTimeOffset now) => po with
    {
        Shipments = po.Shipments.Select(s => string.Equals(s.TrackingNumber, shipment.TrackingNumber, StringComparison.OrdinalIgnoreCase) ? shipment : s).ToList(),
        UpdatedAt = now,
    };
}
