using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Eligibility;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Logging;

namespace DropShip.Core.Submission;

/// <summary>
/// Places a drop-ship PO without ever ordering twice. <see cref="SubmitAsync"/> validates the request (SubmitValidation);
/// <see cref="PlaceAsync"/> re-checks eligibility and then reads as the three steps that make it safe: reserve the PO
/// number and the item in one transaction, place the order with the distributor once (never retried), record the answer
/// (accepted -> Open; rejected -> the reservation is released and the attempt audited; no clear answer -> Unconfirmed,
/// to be reconciled by looking the PO up).
/// </summary>
public sealed class SubmissionService(
    DistributorRegistry distributors,
    DistributorConnections connections,
    EligibilityService eligibility,
    PurchaseOrderStore purchaseOrders,
    WebhookOutbox webhooks,
    StockGuard stockGuard,
    CredentialsWatch credentials,
    TimeProvider clock,
    ILogger<SubmissionService> logger)
{
    public async Task<SubmitOutcome> SubmitAsync(string storeId, SubmitRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        return SubmitValidation.Validate(request, distributors, errors) is { } submission
            ? await PlaceAsync(storeId, submission, cancellationToken)
            : new SubmitOutcome.Invalid(errors.All);
    }

    public async Task<SubmitOutcome> PlaceAsync(string storeId, ValidSubmission submission, CancellationToken cancellationToken)
    {
        var (po, account, refusal) = await PrepareAsync(storeId, submission, cancellationToken);
        if (refusal is not null) return refusal;

        var reservation = await ReserveAsync(po!, account!, submission.Distributor, cancellationToken);
        if (reservation is not Reservation.Reserved reserved) return Conflict(reservation);

        // From here on the outcome must be recorded whatever the caller does: the order may be placed.
        using var recording = DistributorCallRecording.Start();
        var result = await submission.Distributor.PlaceOrderAsync(account!,
            new DropShipOrder(po!.PoNumber, po.PartNumber, po.Quantity, po.ShipTo, submission.ShipMethod, null, po.AllowBackorder), CancellationToken.None);
        var outcome = await RecordAsync(po, reserved.ETag, submission.Distributor, result, [.. recording.Problems.DistinctBy(p => p.Expected).Select(ShipmentTracker.AnswerProblemEntry)]);
        if (result is PlaceOrderResult.Rejected { Code: RejectionCode.InvalidCredentials } refused)
            await credentials.RejectedAsync(account!, submission.Distributor, DistributorCall.PlaceOrder, refused.Message, CancellationToken.None);
        return outcome;
    }

    /// <summary>Eligibility again, on the server (the admin's answer may be stale or forged), and the store's account: the PO to reserve, or why not.</summary>
    private async Task<(PurchaseOrder? Po, DistributorAccount? Account, SubmitOutcome? Refusal)> PrepareAsync(
        string storeId, ValidSubmission submission, CancellationToken cancellationToken)
    {
        var (item, distributor) = (submission.Item, submission.Distributor);
        // Independent reads together: the eligibility re-check's and the store's account (a round trip, not two).
        var checking = eligibility.EvaluateAsync(storeId, item, cancellationToken);
        var reading = connections.GetAccountAsync(storeId, distributor, cancellationToken);
        await Task.WhenAll(checking, reading);
        var (check, account) = (await checking, await reading);
        if (check.ExistingPoNumber is { } existing)
            return (null, null, new SubmitOutcome.Conflict(ErrorCodes.ItemHasPo, $"This order item already has purchase order {existing}.", existing));
        var chosen = check.Options.First(o => o.Distributor == distributor.Profile.Key && string.Equals(o.PartNumber, submission.PartNumber, StringComparison.OrdinalIgnoreCase));
        if (check.Reasons.Count > 0 || !chosen.Eligible)
            return (null, null, new SubmitOutcome.NotEligible(check.Reasons.Concat(chosen.Reasons).DistinctBy(r => r.Code).ToList()));

        if (account is null)
            return (null, null, new SubmitOutcome.NotEligible([new(ReasonCodes.DistributorNotConfigured, $"{distributor.Profile.DisplayName} credentials are not configured for this store.")]));
        if (SubmitValidation.StoredDefaults(account.Defaults, submission) is { } badDefault)
            return (null, null, new SubmitOutcome.Invalid([badDefault]));

        // The distributor's live stock, before anything is reserved: an order it says it cannot fill stops here and leaves nothing behind.
        var stock = await stockGuard.CheckAsync(account, chosen, check.Options, item.Quantity, submission.AllowBackorder, cancellationToken);
        if (stock is StockDecision.OutOfStock shortage)
            return (null, null, new SubmitOutcome.OutOfStock(shortage.Stock, shortage.Requested, shortage.Alternatives, shortage.Message));

        var now = clock.GetUtcNow();
        var po = new PurchaseOrder
        {
            StoreId = storeId,
            PoNumber = submission.PoNumber,
            OrderId = item.OrderId,
            ItemId = item.ItemId,
            OrderNumber = item.OrderNumber,
            ItemDescription = item.Description,
            Distributor = distributor.Profile.Key,
            PartNumber = chosen.PartNumber,
            Quantity = item.Quantity,
            Status = PurchaseOrderStatus.Submitting,
            TestMode = account.TestMode,
            ShipTo = submission.ShipTo,
            Customer = item.Customer,
            OptionsAvailable = check.Options.Select(o => new OptionRecord(o.Distributor, o.PartNumber, o.Eligible, o.Stock?.Quantity, o.Stock?.DealerCost, o == chosen)).ToList(),
            AllowBackorder = submission.AllowBackorder,
            StockAtSubmit = ((StockDecision.Proceed)stock).Record,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return (po, account, null);
    }

    /// <summary>The PO row and the item's claim in one transaction: a second submit of either fails here, before any order call.</summary>
    private Task<Reservation> ReserveAsync(PurchaseOrder po, DistributorAccount account, IDistributor distributor, CancellationToken cancellationToken) =>
        purchaseOrders.ReserveAsync(po, new TimelineEntry(po.CreatedAt, TimelineEntryTypes.Reserved,
            $"PO {po.PoNumber} reserved for {distributor.Profile.DisplayName} part {po.PartNumber} x{po.Quantity}{(account.TestMode ? " (test mode)" : "")}."), cancellationToken);

    private static SubmitOutcome Conflict(Reservation reservation) => reservation switch
    {
        Reservation.ItemAlreadyHasPo taken => new SubmitOutcome.Conflict(ErrorCodes.ItemHasPo, $"This order item already has purchase order {taken.ExistingPoNumber}.", taken.ExistingPoNumber),
        Reservation.PoNumberTaken taken => new SubmitOutcome.Conflict(ErrorCodes.PoNumberTaken, $"PO number {taken.PoNumber} is already used in this store.", taken.PoNumber),
        _ => throw new InvalidOperationException("Unknown reservation."),
    };

    /// <summary>The distributor's answer, recorded on the PO whatever the caller does meanwhile (no cancellation).</summary>
    /// <param name="answerProblems">Timeline entries naming what the order answer lacked (an unreadable answer stays Unconfirmed).</param>
    private async Task<SubmitOutcome> RecordAsync(PurchaseOrder po, Azure.ETag etag, IDistributor distributor, PlaceOrderResult result, IReadOnlyList<TimelineEntry> answerProblems)
    {
        var at = clock.GetUtcNow();
        var name = distributor.Profile.DisplayName;
        switch (result)
        {
            case PlaceOrderResult.Accepted accepted:
                var orderNumbers = StoredText.Ids(accepted.OrderNumbers);
                var open = po with { Status = PurchaseOrderStatus.Open, DistributorOrderNumbers = orderNumbers, UpdatedAt = at };
                await purchaseOrders.UpdateAsync(open, etag, [new TimelineEntry(at, TimelineEntryTypes.Submitted,
                    $"{name} accepted the order ({string.Join(", ", orderNumbers)})."), .. answerProblems], releaseClaim: false, CancellationToken.None);
                await AnnounceCreatedAsync(open, at);
                logger.LogInformation("PO {PoNumber} placed with {Distributor} for store {StoreId}", po.PoNumber, po.Distributor, po.StoreId);
                return new SubmitOutcome.Created(open);

            case PlaceOrderResult.Rejected rejected:
                var code = RejectionCodeName(rejected.Code);
                var message = StoredText.Clip(rejected.Message);
                await purchaseOrders.ReleaseRejectedAsync(po, etag, new SubmissionAttempt(at, po.PoNumber, po.OrderId, po.ItemId, po.Distributor, po.PartNumber, code, message), CancellationToken.None);
                logger.LogWarning("{Distributor} rejected PO {PoNumber} for store {StoreId}: {Code}", po.Distributor, po.PoNumber, po.StoreId, code);
                return new SubmitOutcome.Rejected(code, message, name);

            case PlaceOrderResult.Ambiguous ambiguous:
                var reason = StoredText.Clip(ambiguous.Reason);
                var unconfirmed = po with { Status = PurchaseOrderStatus.Unconfirmed, StatusReason = reason, UpdatedAt = at };
                await purchaseOrders.UpdateAsync(unconfirmed, etag, [new TimelineEntry(at, TimelineEntryTypes.Unconfirmed,
                    $"{reason} The PO will be looked up at {name} before anything else happens."), .. answerProblems], releaseClaim: false, CancellationToken.None);
                logger.LogWarning("PO {PoNumber} for store {StoreId} is unconfirmed at {Distributor}", po.PoNumber, po.StoreId, po.Distributor);
                return new SubmitOutcome.Unconfirmed(unconfirmed, reason);

            default:
                throw new InvalidOperationException("Unknown order result.");
        }
    }

    /// <summary>
    /// Tells the platform the PO exists: stored, then tried at once like every event (the outbox timer retries); the same
    /// event reconciliation sends. (The tracking monitor is started by the caller, which holds the Durable client.)
    /// </summary>
    private Task AnnounceCreatedAsync(PurchaseOrder open, DateTimeOffset at) =>
        webhooks.PublishAsync(PlatformEvent.Created(open, at), CancellationToken.None);

    /// <summary>The stable code of a rejection in the API.</summary>
    public static string RejectionCodeName(RejectionCode code) => code switch
    {
        RejectionCode.InvalidCredentials => ErrorCodes.InvalidCredentials,
        RejectionCode.InvalidPart => ErrorCodes.InvalidPart,
        RejectionCode.PaymentProblem => ErrorCodes.PaymentProblem,
        RejectionCode.DuplicatePoNumber => ErrorCodes.DuplicatePoNumber,
        RejectionCode.Unavailable => ErrorCodes.DistributorUnavailable,
        _ => ErrorCodes.RejectedOther,
    };
}
