using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using Microsoft.Extensions.Logging;

namespace DropShip.Core.Submission;

/// <summary>
/// Places a drop-ship PO without ever ordering twice: validate, re-check eligibility, reserve the PO number and the item
/// in one transaction, then call the distributor once (never retried). Accepted -> Open; rejected -> the reservation is
/// released and the attempt audited; no clear answer -> Unconfirmed, to be reconciled by looking the PO up.
/// </summary>
public sealed class SubmissionService(
    DistributorRegistry distributors,
    DistributorConnections connections,
    EligibilityService eligibility,
    PurchaseOrderStore purchaseOrders,
    WebhookOutbox webhooks,
    StockGuard stockGuard,
    TimeProvider clock,
    ILogger<SubmissionService> logger)
{
    public async Task<SubmitOutcome> SubmitAsync(string storeId, SubmitRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var item = ValidItem.From(request.Item, distributors, errors, prefix: "item.");
        var distributorKey = errors.Text("distributor", request.Distributor, 40);
        var distributor = distributors.Find(distributorKey);
        if (distributorKey is not null && distributor is null)
            errors.Add("distributor", "unknown_distributor", $"Unknown distributor '{distributorKey}'. Known: {distributors.KnownKeys}.");
        var partNumber = errors.Text("partNumber", request.PartNumber, ValidItem.MaxPartNumberLength);
        if (request.ConfirmRealOrder != true)
            errors.Add("confirmRealOrder", "confirmation_required", "Set confirmRealOrder to true to confirm that this places a real order with the distributor.");
        var shipMethod = errors.Text("shipMethod", request.ShipMethod, 20, required: false);
        string? poNumber = null;
        ShipTo? shipTo = null;
        if (distributor is not null)
        {
            poNumber = SubmitValidation.PoNumber(request.PoNumber, distributor.Profile.Limits, errors);
            shipTo = SubmitValidation.ShipTo(request.ShipTo, distributor.Profile.Limits.ShipTo, errors);
        }
        if (item is not null && distributor is not null && partNumber is not null &&
            !item.Parts.Any(p => p.Distributor == distributor && string.Equals(p.PartNumber, partNumber, StringComparison.OrdinalIgnoreCase)))
            errors.Add("partNumber", "not_an_option", "The chosen distributor and part number are not among the item's distributor parts.");
        if (item is not null && distributor is not null && item.Quantity > distributor.Profile.Limits.MaxQuantity)
            errors.Add("item.quantity", "out_of_range", $"{distributor.Profile.DisplayName} accepts at most {distributor.Profile.Limits.MaxQuantity} per line.");
        if (errors.Any) return new SubmitOutcome.Invalid(errors.All);

        // Eligibility, again, on the server: the admin's answer may be stale or forged.
        var check = await eligibility.EvaluateAsync(storeId, item!, cancellationToken);
        if (check.ExistingPoNumber is { } existing)
            return new SubmitOutcome.Conflict("item_has_po", $"This order item already has purchase order {existing}.", existing);
        var chosen = check.Options.First(o => o.Distributor == distributor!.Profile.Key && string.Equals(o.PartNumber, partNumber, StringComparison.OrdinalIgnoreCase));
        if (check.Reasons.Count > 0 || !chosen.Eligible)
            return new SubmitOutcome.NotEligible(check.Reasons.Concat(chosen.Reasons).DistinctBy(r => r.Code).ToList());

        var account = await connections.GetAccountAsync(storeId, distributor!, cancellationToken);
        if (account is null)
            return new SubmitOutcome.NotEligible([new(ReasonCodes.DistributorNotConfigured, $"{distributor!.Profile.DisplayName} credentials are not configured for this store.")]);

        // The distributor's live stock, before anything is reserved: an order it says it cannot fill stops here and leaves nothing behind.
        var stock = await stockGuard.CheckAsync(account, chosen, check.Options, item!.Quantity, request.AllowBackorder == true, cancellationToken);
        if (stock is StockDecision.OutOfStock shortage)
            return new SubmitOutcome.OutOfStock(shortage.Stock, shortage.Requested, shortage.Alternatives, shortage.Message);

        var now = clock.GetUtcNow();
        var po = new PurchaseOrder
        {
            StoreId = storeId,
            PoNumber = poNumber!,
            OrderId = item!.OrderId,
            ItemId = item.ItemId,
            OrderNumber = item.OrderNumber,
            ItemDescription = item.Description,
            Distributor = distributor!.Profile.Key,
            PartNumber = chosen.PartNumber,
            Quantity = item.Quantity,
            Status = PurchaseOrderStatus.Submitting,
            TestMode = account.TestMode,
            ShipTo = shipTo!,
            Customer = item.Customer,
            OptionsAvailable = check.Options.Select(o => new OptionRecord(o.Distributor, o.PartNumber, o.Eligible, o.Stock?.Quantity, o.Stock?.DealerCost, o == chosen)).ToList(),
            AllowBackorder = request.AllowBackorder == true,
            StockAtSubmit = ((StockDecision.Proceed)stock).Record,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var reservation = await purchaseOrders.ReserveAsync(po, new TimelineEntry(now, "Reserved",
            $"PO {po.PoNumber} reserved for {distributor.Profile.DisplayName} part {po.PartNumber} x{po.Quantity}{(account.TestMode ? " (test mode)" : "")}."), cancellationToken);
        switch (reservation)
        {
            case Reservation.ItemAlreadyHasPo taken:
                return new SubmitOutcome.Conflict("item_has_po", $"This order item already has purchase order {taken.ExistingPoNumber}.", taken.ExistingPoNumber);
            case Reservation.PoNumberTaken:
                return new SubmitOutcome.Conflict("po_number_taken", $"PO number {po.PoNumber} is already used in this store.", po.PoNumber);
        }
        var etag = ((Reservation.Reserved)reservation).ETag;

        // From here on the outcome must be recorded whatever the caller does: the order may be placed.
        var result = await distributor.PlaceOrderAsync(account, new DropShipOrder(po.PoNumber, po.PartNumber, po.Quantity, po.ShipTo, shipMethod, null, po.AllowBackorder), CancellationToken.None);
        var at = clock.GetUtcNow();
        switch (result)
        {
            case PlaceOrderResult.Accepted accepted:
                var open = po with { Status = PurchaseOrderStatus.Open, DistributorOrderNumbers = accepted.OrderNumbers, UpdatedAt = at };
                await purchaseOrders.UpdateAsync(open, etag, [new TimelineEntry(at, "Submitted",
                    $"{distributor.Profile.DisplayName} accepted the order ({string.Join(", ", accepted.OrderNumbers)}).")], releaseClaim: false, CancellationToken.None);
                // Stored, then tried at once like every event (the outbox timer retries); the same event reconciliation sends.
                await webhooks.PublishAsync(PlatformEvent.Created(open, at), CancellationToken.None);
                logger.LogInformation("PO {PoNumber} placed with {Distributor} for store {StoreId}", po.PoNumber, po.Distributor, storeId);
                return new SubmitOutcome.Created(open);

            case PlaceOrderResult.Rejected rejected:
                var code = RejectionCodeName(rejected.Code);
                await purchaseOrders.ReleaseRejectedAsync(po, etag, new SubmissionAttempt(at, po.PoNumber, po.OrderId, po.ItemId, po.Distributor, po.PartNumber, code, rejected.Message), CancellationToken.None);
                logger.LogWarning("{Distributor} rejected PO {PoNumber} for store {StoreId}: {Code}", po.Distributor, po.PoNumber, storeId, code);
                return new SubmitOutcome.Rejected(code, rejected.Message, distributor.Profile.DisplayName);

            case PlaceOrderResult.Ambiguous ambiguous:
                var unconfirmed = po with { Status = PurchaseOrderStatus.Unconfirmed, StatusReason = ambiguous.Reason, UpdatedAt = at };
                await purchaseOrders.UpdateAsync(unconfirmed, etag, [new TimelineEntry(at, "Unconfirmed",
                    $"{ambiguous.Reason} The PO will be looked up at {distributor.Profile.DisplayName} before anything else happens.")], releaseClaim: false, CancellationToken.None);
                logger.LogWarning("PO {PoNumber} for store {StoreId} is unconfirmed at {Distributor}", po.PoNumber, storeId, po.Distributor);
                return new SubmitOutcome.Unconfirmed(unconfirmed, ambiguous.Reason);

            default:
                throw new InvalidOperationException("Unknown order result.");
        }
    }

    /// <summary>The stable code of a rejection in the API (snake_case).</summary>
    public static string RejectionCodeName(RejectionCode code) => code switch
    {
        RejectionCode.InvalidCredentials => "invalid_credentials",
        RejectionCode.InvalidPart => "invalid_part",
        RejectionCode.PaymentProblem => "payment_problem",
        RejectionCode.DuplicatePoNumber => "duplicate_po_number",
        RejectionCode.Unavailable => "distributor_unavailable",
        _ => "rejected_other",
    };
}
