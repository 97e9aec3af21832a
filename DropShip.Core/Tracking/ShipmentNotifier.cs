using DropShip.Core.Common;
using DropShip.Core.Distributors;
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
    DistributorRegistry distributors,
    TimeProvider clock,
    DropShipMetrics metrics,
    ILogger<ShipmentNotifier> logger)
{
    /// <summary>Failed sends of one package's email before it is given up (Failed) instead of retried at the next check.</summary>
    public const int MaxEmailAttempts = 3;

    public async Task NotifyAsync(string storeId, string poNumber, IReadOnlyList<string> trackingNumbers, CancellationToken cancellationToken)
    {
        foreach (var trackingNumber in trackingNumbers)
        {
            await NoteAndWebhookAsync(storeId, poNumber, trackingNumber, cancellationToken);
            await EmailAsync(storeId, poNumber, trackingNumber, cancellationToken);
        }
    }

    public static Guid EmailOperationId(string storeId, string poNumber, string trackingNumber) =>
        DeterministicId.From("shipping-email", storeId, poNumber, trackingNumber);

    private async Task NoteAndWebhookAsync(string storeId, string poNumber, string trackingNumber, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(storeId, poNumber, cancellationToken) is not { } stored) return;
        var shipment = Find(stored.Po, trackingNumber);
        if (shipment is null || shipment.PlatformNotified) return;

        var now = clock.GetUtcNow();
        var note = ShipmentMessages.OrderNote(stored.Po, distributors.DisplayNameOf(stored.Po.Distributor), shipment);
        // Published first: if we stop right after, the rerun publishes the same event id (a no-op) and records the flag.
        var e = await webhooks.PublishAsync(PlatformEvent.TrackingFound(stored.Po, shipment, note, now), cancellationToken);
        await purchaseOrders.MutateAsync(storeId, poNumber, current => Find(current, trackingNumber) is { PlatformNotified: false } s
            ? new PoChange(Replace(current, s with { PlatformNotified = true }, now), [new TimelineEntry(now, TimelineEntryTypes.OrderNote, note,
                new Dictionary<string, string> { ["trackingNumber"] = trackingNumber, ["eventId"] = e.Id })])
            : null, cancellationToken);
    }

    private async Task EmailAsync(string storeId, string poNumber, string trackingNumber, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(storeId, poNumber, cancellationToken) is not { } stored) return;
        var po = stored.Po;
        if (Find(po, trackingNumber) is not { CustomerEmail: EmailStatus.Pending } shipment) return;

        var to = po.Customer?.Email ?? po.ShipTo.Email;
        EmailStatus outcome;
        string message;
        if (to is null) (outcome, message) = (EmailStatus.NoAddress, "No customer email address on the order: shipping email not sent.");
        else if (!email.Enabled) (outcome, message) = (EmailStatus.NotConfigured, "Email is not configured: shipping email not sent.");
        else
        {
            try
            {
                await email.SendAsync(ShipmentMessages.ShippingEmail(po, shipment, to), EmailOperationId(po.StoreId, po.PoNumber, trackingNumber), cancellationToken);
                (outcome, message) = (EmailStatus.Sent, $"Shipping email sent to the customer for tracking {trackingNumber}.");
                logger.LogInformation("Shipping email sent for PO {PoNumber} of store {StoreId}", po.PoNumber, po.StoreId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Counted on the PO; retried (same operation id, so the service sends it at most once) until the last attempt.
                var attempts = shipment.EmailAttempts + 1;
                logger.LogWarning("Shipping email for PO {PoNumber} of store {StoreId} failed (attempt {Attempt}): {Error}", po.PoNumber, po.StoreId, attempts, ex.GetType().Name);
                var givenUp = attempts >= MaxEmailAttempts;
                metrics.Email(givenUp ? DropShipMetrics.Outcomes.Abandoned : DropShipMetrics.Outcomes.Failed);
                var now = clock.GetUtcNow();
                await purchaseOrders.MutateAsync(storeId, poNumber, current => Find(current, trackingNumber) is { CustomerEmail: EmailStatus.Pending } s
                    ? new PoChange(Replace(current, s with { EmailAttempts = attempts, CustomerEmail = givenUp ? EmailStatus.Failed : EmailStatus.Pending }, now),
                        givenUp ? [new TimelineEntry(now, TimelineEntryTypes.CustomerEmail, $"The shipping email for tracking {trackingNumber} could not be sent after {attempts} attempts ({ex.GetType().Name}): not sent.",
                            new Dictionary<string, string> { ["trackingNumber"] = trackingNumber, ["email"] = EmailStatus.Failed.ToString() })] : [])
                    : null, cancellationToken);
                if (givenUp) return;
                throw;
            }
        }
        metrics.Email(outcome switch
        {
            EmailStatus.Sent => DropShipMetrics.Outcomes.Sent,
            EmailStatus.NotConfigured => DropShipMetrics.Outcomes.NotConfigured,
            _ => DropShipMetrics.Outcomes.NoAddress,
        });
        var at = clock.GetUtcNow();
        await purchaseOrders.MutateAsync(storeId, poNumber, current => Find(current, trackingNumber) is { CustomerEmail: EmailStatus.Pending } s
            ? new PoChange(Replace(current, s with { CustomerEmail = outcome }, at), [new TimelineEntry(at, TimelineEntryTypes.CustomerEmail, message,
                new Dictionary<string, string> { ["trackingNumber"] = trackingNumber, ["email"] = outcome.ToString() })])
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
