using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using Microsoft.Extensions.Logging;

namespace DropShip.Core.Tracking;

/// <summary>
/// One tracking check of one PO (the CheckShipment activity): asks the distributor, records new packages idempotently
/// (one per tracking number), moves the status, and reconciles an Unconfirmed PO by looking its number up, never by
/// resubmitting. Safe to run twice: a second run finds the packages already recorded and reports the same pending work.
/// </summary>
public sealed class ShipmentTracker(
    PurchaseOrderStore purchaseOrders,
    DistributorConnections connections,
    DistributorRegistry distributors,
    WebhookOutbox webhooks,
    TimeProvider clock,
    ILogger<ShipmentTracker> logger)
{
    public async Task<CheckShipmentResult> CheckAsync(CheckShipmentInput input, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(input.StoreId, input.PoNumber, cancellationToken) is not { } stored)
            return new CheckShipmentResult(CheckOutcome.Stopped, [], null, "The PO no longer exists.");
        var po = stored.Po;
        if (!po.IsTracked)
            return new CheckShipmentResult(po.IsShipped ? CheckOutcome.Shipped : CheckOutcome.Stopped, Pending(po), null, $"The PO is {po.Status}.");
        if (distributors.Find(po.Distributor) is not { } distributor)
            return new CheckShipmentResult(CheckOutcome.Error, [], null, $"Distributor {po.Distributor} is no longer supported.");
        if (await connections.GetAccountAsync(po.StoreId, distributor, cancellationToken) is not { } account)
            return new CheckShipmentResult(CheckOutcome.Error, [], null, $"{distributor.Profile.DisplayName} credentials are not configured.");

        var lookup = await distributor.LookUpOrderAsync(account, new PlacedOrderRef(po.PoNumber, po.CreatedAt, po.DistributorOrderNumbers), cancellationToken);
        switch (lookup)
        {
            case OrderLookup.Found found:
                var updated = await RecordAsync(po, found, cancellationToken) ?? po;
                return new CheckShipmentResult(updated.IsShipped ? CheckOutcome.Shipped : CheckOutcome.Pending, Pending(updated), null, found.DistributorStatus);
            case OrderLookup.NotFound when po.Status is PurchaseOrderStatus.Unconfirmed or PurchaseOrderStatus.Submitting:
                return input.NotFoundSoFar + 1 >= input.ReconcileAttempts
                    ? await FailUnconfirmedAsync(po, input.NotFoundSoFar + 1, cancellationToken)
                    : new CheckShipmentResult(CheckOutcome.NotFoundYet, [], null, $"{distributor.Profile.DisplayName} does not know PO {po.PoNumber} yet.");
            case OrderLookup.NotFound:
                return new CheckShipmentResult(CheckOutcome.Error, [], null, $"{distributor.Profile.DisplayName} no longer finds PO {po.PoNumber}.");
            case OrderLookup.RateLimited limited:
                return new CheckShipmentResult(CheckOutcome.RateLimited, Pending(po), limited.RetryAfter, $"{distributor.Profile.DisplayName} is rate limiting.");
            case OrderLookup.Failed failed:
                return new CheckShipmentResult(CheckOutcome.Error, Pending(po), null, failed.Reason);
            default:
                throw new InvalidOperationException("Unknown lookup result.");
        }
    }

    /// <summary>Six weeks without a complete shipment: stop, say so on the PO, tell the platform. Idempotent.</summary>
    public async Task StopAsync(StopTrackingInput input, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var po = await purchaseOrders.MutateAsync(input.StoreId, input.PoNumber, current => current.Status is PurchaseOrderStatus.Open or PurchaseOrderStatus.PartiallyShipped or PurchaseOrderStatus.Unconfirmed
            ? new PoChange(current with { Status = PurchaseOrderStatus.TrackingStopped, StatusReason = "Not fully shipped within the tracking period.", UpdatedAt = now },
                [new TimelineEntry(now, "TrackingStopped", "No complete shipment within the tracking period: checks stopped. Contact the distributor about this PO.")])
            : null, cancellationToken);
        if (po?.Status == PurchaseOrderStatus.TrackingStopped)
            await webhooks.PublishAsync(PlatformEvent.For(PlatformEventTypes.TrackingStopped, po, now, new Dictionary<string, object?>
            {
                ["message"] = $"PO {po.PoNumber} has not fully shipped within the tracking period. The dealer must contact {po.Distributor}.",
                ["shipments"] = po.Shipments.Count,
            }), cancellationToken);
    }

    private async Task<PurchaseOrder?> RecordAsync(PurchaseOrder po, OrderLookup.Found found, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var wasUnconfirmed = false;
        var updated = await purchaseOrders.MutateAsync(po.StoreId, po.PoNumber, current =>
        {
            var known = current.Shipments.Select(s => s.TrackingNumber).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var fresh = found.Shipments.DistinctBy(s => s.TrackingNumber, StringComparer.OrdinalIgnoreCase).Where(s => !known.Contains(s.TrackingNumber))
                .Select(s => new TrackedShipment(s.TrackingNumber, s.Carrier, Carriers.TrackingUrl(s.Carrier, s.TrackingNumber), s.ShipDate, s.Quantity, now))
                .ToList();
            var shipments = current.Shipments.Concat(fresh).ToList();
            var shippedQuantity = shipments.Sum(s => s.Quantity ?? 0);
            var allShipped = found.Complete || (shipments.Count > 0 && shippedQuantity >= current.Quantity);
            var status = allShipped ? PurchaseOrderStatus.Shipped : shipments.Count > 0 ? PurchaseOrderStatus.PartiallyShipped : PurchaseOrderStatus.Open;
            var orderNumbers = current.DistributorOrderNumbers.Union(found.OrderNumbers).ToList();
            if (fresh.Count == 0 && status == current.Status && orderNumbers.Count == current.DistributorOrderNumbers.Count) return null;

            wasUnconfirmed = current.Status is PurchaseOrderStatus.Unconfirmed or PurchaseOrderStatus.Submitting;
            var events = new List<TimelineEntry>();
            if (wasUnconfirmed)
                events.Add(new TimelineEntry(now, "Confirmed", $"{current.Distributor} has PO {current.PoNumber}: the order was placed."));
            events.AddRange(fresh.Select(s => new TimelineEntry(now, "TrackingFound", $"{s.Carrier} tracking {s.TrackingNumber}" + (s.Quantity is { } q ? $" ({q} units)" : ""),
                new Dictionary<string, string> { ["trackingNumber"] = s.TrackingNumber, ["carrier"] = s.Carrier })));
            if (status == PurchaseOrderStatus.Shipped && current.Status != PurchaseOrderStatus.Shipped)
                events.Add(new TimelineEntry(now, "Shipped", "Everything on this PO has shipped."));
            return new PoChange(current with
            {
                Status = status,
                Shipments = shipments,
                DistributorOrderNumbers = orderNumbers,
                StatusReason = null,
                ShippedAt = status == PurchaseOrderStatus.Shipped ? current.ShippedAt ?? now : null,
                UpdatedAt = now,
            }, events);
        }, cancellationToken);

        if (wasUnconfirmed && updated is not null)
        {
            // The platform was not told at submit time (no clear answer then); it is now.
            await webhooks.PublishAsync(PlatformEvent.For(PlatformEventTypes.PurchaseOrderCreated, updated, now, new Dictionary<string, object?>
            {
                ["partNumber"] = updated.PartNumber, ["quantity"] = updated.Quantity, ["distributorOrderNumbers"] = updated.DistributorOrderNumbers,
            }), cancellationToken);
            logger.LogInformation("Unconfirmed PO {PoNumber} of store {StoreId} found at {Distributor}: Open", updated.PoNumber, updated.StoreId, updated.Distributor);
        }
        return updated;
    }

    private async Task<CheckShipmentResult> FailUnconfirmedAsync(PurchaseOrder po, int lookups, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var failed = await purchaseOrders.MutateAsync(po.StoreId, po.PoNumber, current => current.Status is PurchaseOrderStatus.Unconfirmed or PurchaseOrderStatus.Submitting
            ? new PoChange(current with { Status = PurchaseOrderStatus.Failed, StatusReason = $"{current.Distributor} did not have the PO after {lookups} lookups.", UpdatedAt = now },
                [new TimelineEntry(now, "Failed", $"{current.Distributor} does not have PO {current.PoNumber} after {lookups} lookups: nothing was ordered. The item can be submitted again.")],
                ReleaseClaim: true)
            : null, cancellationToken);
        if (failed?.Status == PurchaseOrderStatus.Failed)
        {
            await webhooks.PublishAsync(PlatformEvent.For(PlatformEventTypes.PurchaseOrderFailed, failed, now, new Dictionary<string, object?>
            {
                ["message"] = failed.StatusReason,
            }), cancellationToken);
            logger.LogWarning("Unconfirmed PO {PoNumber} of store {StoreId} not found at {Distributor}: Failed", failed.PoNumber, failed.StoreId, failed.Distributor);
        }
        return new CheckShipmentResult(CheckOutcome.Failed, [], null, failed?.StatusReason);
    }

    private static IReadOnlyList<string> Pending(PurchaseOrder po) => po.Shipments.Where(s => s.NotificationPending).Select(s => s.TrackingNumber).ToList();
}
