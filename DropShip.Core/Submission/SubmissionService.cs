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
/// Places drop-ship POs without ever ordering twice: one item (<see cref="SubmitAsync"/>) or a whole order
/// (<see cref="SubmitOrderAsync"/>), the one item being the one-line case of the whole order. <see cref="PlaceOrderAsync"/>
/// re-checks eligibility for every item, binds each to its chosen (or recommended) distributor part, groups the items by
/// distributor (one call has one ship-to, ship method and account, so one test mode) into POs of at most the distributor's
/// line limit, and then for each PO reads as the three steps that make it safe: reserve the PO number and every item's
/// claim in one transaction, place the order with the distributor once (never retried), record the answer (accepted ->
/// Open; rejected -> the reservation and every claim are released and the attempt audited; no clear answer -> Unconfirmed,
/// to be reconciled by looking the PO up). POs go to their distributors concurrently and never undo each other.
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
    /// <param name="follow">What follows each PO the distributor may have (its tracking monitor), run beside the created
    /// event's storage rather than after it; null: nothing follows here.</param>
    public async Task<SubmitOutcome> SubmitAsync(string storeId, SubmitRequest request, FollowPlacedOrder? follow, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        return SubmitValidation.Validate(request, distributors, errors) is { } submission
            ? await PlaceAsync(storeId, submission, follow, cancellationToken)
            : new SubmitOutcome.Invalid(errors.All);
    }

    /// <summary>One item: a one-line PO through the whole-order path; the item's own refusal, else its PO's outcome.</summary>
    public async Task<SubmitOutcome> PlaceAsync(string storeId, ValidSubmission submission, FollowPlacedOrder? follow, CancellationToken cancellationToken)
    {
        var group = (await PlaceOrderAsync(storeId, ValidOrderSubmission.Of(submission), follow, cancellationToken)).Groups.Single();
        return group.Items.Single().Refusal ?? group.Outcome;
    }

    public async Task<OrderSubmitOutcome> SubmitOrderAsync(string storeId, OrderSubmitRequest request, FollowPlacedOrder? follow, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        return OrderSubmitValidation.Validate(request, distributors, errors) is { } submission
            ? new OrderSubmitOutcome.Submitted(await PlaceOrderAsync(storeId, submission, follow, cancellationToken))
            : new OrderSubmitOutcome.Invalid(errors.All);
    }

    public async Task<OrderSubmission> PlaceOrderAsync(string storeId, ValidOrderSubmission submission, FollowPlacedOrder? follow, CancellationToken cancellationToken)
    {
        // The accounts of the distributors the dealer chose are read beside eligibility's own reads, once each: live stock
        // and the order call share them.
        var accounts = connections.AccountsOf(storeId, cancellationToken);
        accounts.Prefetch(submission.Choices.Values.Select(c => c.Distributor).DistinctBy(d => d.Profile.Key));
        // The live-stock guard's questions about the chosen parts start once their account is read, beside the re-check's
        // reads too (an item its own request already rules out is not asked about).
        foreach (var chosen in submission.Order.Items
                     .Where(i => submission.Choices.ContainsKey(i.ItemId) && EligibilityService.PassesItsOwnRules(i))
                     .Select(i => submission.Choices[i.ItemId])
                     .GroupBy(c => c.Distributor.Profile.Key, StringComparer.Ordinal))
            stockGuard.AskEarly(accounts, chosen.First().Distributor, chosen.Select(c => c.PartNumber).ToList(), cancellationToken);
        // Eligibility again, on the server (the admin's answer may be stale or forged), for every item in one evaluation.
        var check = await eligibility.EvaluateOrderAsync(storeId, submission.Order, cancellationToken, accounts, checkSuggestions: !NamesEveryPoNumber(submission));
        var bound = submission.Order.Items.Zip(check.Items, (item, result) => Bind(item, result, submission.Choices.TryGetValue(item.ItemId, out var choice) ? choice : null)).ToList();

        // Per distributor: its account, limits and live stock, then its items cut into POs of at most its line limit.
        var prepared = await Task.WhenAll(bound.GroupBy(b => b.Distributor?.Profile.Key ?? "", StringComparer.Ordinal)
            .Select(g => PrepareAsync(submission, g.First().Distributor, g.ToList(), accounts, cancellationToken)));
        var drafts = AssignPoNumbers(prepared.SelectMany(p => p.Drafts).ToList(), submission, check);

        // From here on each PO's outcome must be recorded whatever the caller does: its order may be placed.
        var placed = await Task.WhenAll(drafts.Select(draft => ReserveAndPlaceAsync(draft, submission, follow)));
        return new OrderSubmission(check.OrderId, prepared.SelectMany(p => p.Refused).Concat(placed).ToList());
    }

    /// <summary>
    /// Whether the dealer named the number of every PO this submit can form: each item's part is chosen, and each
    /// distributor has at least as many numbers as items chosen for it (it never forms more POs than it has items). Then
    /// no suggestion is used (<see cref="AssignPoNumbers"/>), and the store's taken numbers need not be read.
    /// </summary>
    private static bool NamesEveryPoNumber(ValidOrderSubmission submission) =>
        submission.Order.Items.All(i => submission.Choices.ContainsKey(i.ItemId))
        && submission.Choices.Values.GroupBy(c => c.Distributor.Profile.Key, StringComparer.Ordinal)
            .All(g => submission.PoNumbers.TryGetValue(g.Key, out var numbers) && numbers.Count >= g.Count());

    /// <summary>An item and the option it is to be ordered with (the chosen one, else the recommended one), or why it cannot be.</summary>
    private Bound Bind(ValidItem item, EligibilityResult check, (IDistributor Distributor, string PartNumber)? choice)
    {
        var chosen = choice is { } c
            ? check.Options.FirstOrDefault(o => o.Distributor == c.Distributor.Profile.Key && string.Equals(o.PartNumber, c.PartNumber, StringComparison.OrdinalIgnoreCase))
            : check.Recommended;
        // An item that cannot be ordered is still reported with the distributor it was bound for: the chosen or recommended
        // one, else its first option at a connected distributor, else its first option.
        var boundTo = chosen ?? check.Options.FirstOrDefault(o => o.Reasons.All(r => r.Code != ReasonCodes.DistributorNotConfigured)) ?? check.Options.FirstOrDefault();
        var distributor = choice?.Distributor ?? (boundTo is null ? null : distributors.Find(boundTo.Distributor));
        if (check.ExistingPoNumber is { } existing)
            return new Bound(item, check, chosen, distributor, new SubmitOutcome.Conflict(ErrorCodes.ItemHasPo, $"Order item {item.ItemId} already has purchase order {existing}.", existing, item.ItemId));
        if (chosen is null)
            return new Bound(item, check, null, distributor, new SubmitOutcome.NotEligible(check.Reasons.Count > 0 ? check.Reasons
                : [new Reason(ErrorCodes.NotEligible, $"Order item {item.ItemId} has no eligible distributor part to recommend.")]));
        if (check.Reasons.Count > 0 || !chosen.Eligible)
            return new Bound(item, check, chosen, distributor, new SubmitOutcome.NotEligible(check.Reasons.Concat(chosen.Reasons).DistinctBy(r => r.Code).ToList()));
        if (distributor is not null && item.Quantity > distributor.Profile.Limits.MaxQuantity)
            return new Bound(item, check, chosen, distributor, new SubmitOutcome.Invalid([new FieldError("quantity", ErrorCodes.OutOfRange,
                $"{distributor.Profile.DisplayName} accepts at most {distributor.Profile.Limits.MaxQuantity} per line; item {item.ItemId} has {item.Quantity}.")]));
        return new Bound(item, check, chosen, distributor, null);
    }

    /// <summary>
    /// One distributor's items: its account, the ship-to and defaults against its limits, and each item's live stock, all
    /// before anything is reserved; what is left is cut into POs of at most the distributor's line limit. Refusals of the
    /// whole distributor, or of all its items, are the distributor's one group.
    /// </summary>
    private async Task<Prepared> PrepareAsync(ValidOrderSubmission submission, IDistributor? distributor, List<Bound> items, StoreAccounts accounts, CancellationToken cancellationToken)
    {
        var refusedItems = items.Where(b => b.Refusal is not null).Select(b => ItemOf(b, null, b.Refusal)).ToList();
        var candidates = items.Where(b => b.Refusal is null).ToList();
        Prepared Refused(SubmitOutcome outcome, IEnumerable<ItemResult> results) => new([new GroupResult(distributor, null, outcome, results.ToList(), null, null)], []);
        if (distributor is null || candidates.Count == 0) return Refused(items[0].Refusal!, refusedItems);

        var all = items.Select(b => ItemOf(b, null, b.Refusal)).ToList();
        var account = await accounts.GetAsync(distributor);
        if (account is null)
            return Refused(new SubmitOutcome.NotEligible([new(ReasonCodes.DistributorNotConfigured, $"{distributor.Profile.DisplayName} credentials are not configured for this store.")]), all);
        if (OrderSubmitValidation.ForDistributor(submission, distributor) is { Count: > 0 } problems)
            return Refused(new SubmitOutcome.Invalid(problems), all);
        if (SubmitValidation.StoredDefaults(account.Defaults, distributor, submission.ShipMethod) is { } badDefault)
            return Refused(new SubmitOutcome.Invalid([badDefault]), all);

        // The distributor's live stock, before anything is reserved: an item it says it cannot fill stops here and leaves nothing behind.
        var stock = await Task.WhenAll(candidates.Select(b => stockGuard.CheckAsync(account, b.Chosen!, b.Check.Options, b.Item.Quantity, submission.AllowBackorder, cancellationToken)));
        var lines = new List<(Bound Bound, StockAtSubmit Stock)>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (stock[i] is StockDecision.OutOfStock shortage)
                refusedItems.Add(ItemOf(candidates[i], null, new SubmitOutcome.OutOfStock(shortage.Stock, shortage.Requested, shortage.Alternatives, shortage.Message)));
            else lines.Add((candidates[i], ((StockDecision.Proceed)stock[i]).Record));
        }
        if (lines.Count == 0) return Refused(refusedItems[0].Refusal!, refusedItems);

        var limit = Math.Clamp(distributor.Profile.Limits.MaxLinesPerOrder, 1, PurchaseOrderStore.MaxLinesPerPo);
        var chunks = lines.Chunk(limit).ToList();
        var note = chunks.Count == 1 ? null : limit == 1
            ? $"{distributor.Profile.DisplayName} takes one item per order here (nothing public shows it takes several in one order): one PO per item."
            : $"{distributor.Profile.DisplayName} takes at most {limit} items per order: {lines.Count} items make {chunks.Count} POs.";
        // Items refused before ordering are reported with the distributor's first PO.
        return new Prepared([], chunks.Select((chunk, i) => new Draft(distributor, account, chunk, i, i == 0 ? refusedItems : [], note)).ToList());
    }

    /// <summary>
    /// The PO numbers: the ones the dealer gave for a distributor, in the order its POs are formed; the others get the
    /// suggestion of their first item, or of another item when that one is already in use in this call.
    /// </summary>
    private List<Draft> AssignPoNumbers(List<Draft> drafts, ValidOrderSubmission submission, OrderEligibility check)
    {
        var given = submission.PoNumbers.Values.SelectMany(n => n).ToHashSet(StringComparer.Ordinal);
        var spare = new Queue<string>(check.Items.Select(r => r.SuggestedPoNumber).Where(n => !given.Contains(n)).Distinct());
        var used = new HashSet<string>(given, StringComparer.Ordinal);
        return drafts.Select(draft =>
        {
            if (submission.PoNumbers.GetValueOrDefault(draft.Distributor.Profile.Key) is { } numbers && draft.Index < numbers.Count)
                return draft with { PoNumber = numbers[draft.Index] };
            var first = draft.Lines[0].Bound.Check.SuggestedPoNumber;
            var number = used.Add(first) ? first : NextSpare();
            return draft with { PoNumber = number };
        }).ToList();

        string NextSpare()
        {
            while (spare.TryDequeue(out var candidate))
                if (used.Add(candidate)) return candidate;
            // More POs than suggestions (cannot happen with one suggestion per item): a time-based number, still reserved atomically.
            var fallback = "DS" + clock.GetUtcNow().ToUnixTimeMilliseconds() % 10_000_000_000L + used.Count;
            used.Add(fallback);
            return fallback;
        }
    }

    private async Task<GroupResult> ReserveAndPlaceAsync(Draft draft, ValidOrderSubmission submission, FollowPlacedOrder? follow)
    {
        var (distributor, account, shipMethod) = (draft.Distributor, draft.Account, submission.ShipMethod);
        var po = NewPo(draft, submission);
        var items = draft.Lines.Select(l => ItemOf(l.Bound, l.Stock, null)).Concat(draft.Refused).ToList();
        var fees = DropShipFees.For(distributor, draft.Lines.Select(l => (l.Bound.Item.ItemId, l.Bound.Chosen!.Live)).ToList());

        var reservation = await ReserveAsync(po, account, distributor, CancellationToken.None);
        if (reservation is not Reservation.Reserved reserved)
            return new GroupResult(distributor, po.PoNumber, Conflict(reservation, po), items, fees, draft.Note);
        // From here on the outcome must be recorded whatever the caller does: the order may be placed. What the answer
        // lacked is named on the PO (an unreadable answer stays Unconfirmed).
        using var recording = DistributorCallRecording.Start();
        var result = await distributor.PlaceOrderAsync(account,
            new DropShipOrder(po.PoNumber, po.PartNumber, po.Quantity, po.ShipTo, shipMethod, null, po.AllowBackorder)
            {
                Lines = po.Lines.Select(l => new DropShipLine(l.PartNumber, l.Quantity)).ToList(),
            }, CancellationToken.None);
        var answerProblems = recording.Problems.DistinctBy(p => p.Expected).Select(ShipmentTracker.AnswerProblemEntry).ToList();
        var outcome = await RecordAsync(po, reserved.ETag, distributor, result, answerProblems);
        // What follows a PO the distributor may have: the platform's created event and the monitor do not depend on each
        // other, so both start now and the answer waits for both.
        await Task.WhenAll(
            outcome is SubmitOutcome.Created { Po: var open } ? AnnounceCreatedAsync(open) : Task.CompletedTask,
            outcome.StoredPo is { } stored && follow is not null ? follow(stored) : Task.CompletedTask);
        if (result is PlaceOrderResult.Rejected { Code: RejectionCode.InvalidCredentials } refused)
            await credentials.RejectedAsync(account, distributor, DistributorCall.PlaceOrder, refused.Message, CancellationToken.None);
        return new GroupResult(distributor, po.PoNumber, outcome, items, fees, draft.Note);
    }

    private PurchaseOrder NewPo(Draft draft, ValidOrderSubmission submission)
    {
        var first = draft.Lines[0].Bound;
        var now = clock.GetUtcNow();
        var oneLine = draft.Lines.Count == 1;
        return new PurchaseOrder
        {
            StoreId = draft.Account.StoreId,
            PoNumber = draft.PoNumber!,
            OrderId = first.Item.OrderId,
            ItemId = first.Item.ItemId,
            OrderNumber = first.Item.OrderNumber,
            ItemDescription = first.Item.Description,
            Distributor = draft.Distributor.Profile.Key,
            PartNumber = first.Chosen!.PartNumber,
            Quantity = first.Item.Quantity,
            Lines = draft.Lines.Select(l => new PurchaseOrderLine(l.Bound.Item.ItemId, l.Bound.Chosen!.PartNumber, l.Bound.Item.Quantity, l.Bound.Item.Description, l.Stock)).ToList(),
            Status = PurchaseOrderStatus.Submitting,
            TestMode = draft.Account.TestMode,
            ShipTo = submission.ShipTo,
            Customer = first.Item.Customer,
            // The SKU-swap record of a one-line PO, as before lines; a multi-line PO keeps each line's stock note instead.
            OptionsAvailable = oneLine
                ? first.Check.Options.Select(o => new OptionRecord(o.Distributor, o.PartNumber, o.Eligible, o.Stock?.Quantity, o.Stock?.DealerCost, o == first.Chosen)).ToList()
                : [],
            AllowBackorder = submission.AllowBackorder,
            StockAtSubmit = oneLine ? draft.Lines[0].Stock : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static ItemResult ItemOf(Bound bound, StockAtSubmit? stock, SubmitOutcome? refusal) =>
        new(bound.Item.ItemId, bound.Chosen?.PartNumber, bound.Item.Quantity, bound.Chosen?.Live, stock, refusal);

    /// <summary>The PO row and every item's claim in one transaction: a second submit of any of them fails here, before any order call.</summary>
    private Task<Reservation> ReserveAsync(PurchaseOrder po, DistributorAccount account, IDistributor distributor, CancellationToken cancellationToken) =>
        purchaseOrders.ReserveAsync(po, new TimelineEntry(po.CreatedAt, TimelineEntryTypes.Reserved,
            $"PO {po.PoNumber} reserved for {distributor.Profile.DisplayName} " +
            (po.Lines.Count == 1 ? $"part {po.PartNumber} x{po.Quantity}" : string.Join(", ", po.Lines.Select(l => $"part {l.PartNumber} x{l.Quantity} (item {l.ItemId})"))) +
            $"{(account.TestMode ? " (test mode)" : "")}."), cancellationToken);

    private static SubmitOutcome Conflict(Reservation reservation, PurchaseOrder po) => reservation switch
    {
        Reservation.ItemAlreadyHasPo taken => new SubmitOutcome.Conflict(ErrorCodes.ItemHasPo,
            po.Lines.Count == 1 ? $"This order item already has purchase order {taken.ExistingPoNumber}." : $"Order item {taken.ItemId} already has purchase order {taken.ExistingPoNumber}: nothing of PO {po.PoNumber} was ordered.",
            taken.ExistingPoNumber, taken.ItemId),
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
                logger.LogInformation("PO {PoNumber} placed with {Distributor} for store {StoreId}", po.PoNumber, po.Distributor, po.StoreId);
                return new SubmitOutcome.Created(open);

            case PlaceOrderResult.Rejected rejected:
                var code = RejectionCodeName(rejected.Code);
                var message = StoredText.Clip(rejected.Message);
                await purchaseOrders.ReleaseRejectedAsync(po, etag, new SubmissionAttempt(at, po.PoNumber, po.OrderId, po.ItemId, po.Distributor, po.PartNumber, code, message, po.Lines), CancellationToken.None);
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
    /// Tells the platform the PO exists: stored, then its delivery queued like every event (the outbox timer retries); the
    /// same event reconciliation sends. The PO was just written, so its timeline note needs no read of it, and it is the PO's
    /// first event (a PO number reused after a rejection may have a counter already: then the outbox reads and retries).
    /// </summary>
    private Task AnnounceCreatedAsync(PurchaseOrder open) =>
        webhooks.PublishAsync(PlatformEvent.Created(open, open.UpdatedAt), CancellationToken.None, written: open, firstOfPo: true);

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

    private sealed record Bound(ValidItem Item, EligibilityResult Check, EligibilityOption? Chosen, IDistributor? Distributor, SubmitOutcome? Refusal);

    /// <summary>One PO to be: a distributor's lines (the <paramref name="Index"/>th PO of that distributor in this call).</summary>
    private sealed record Draft(IDistributor Distributor, DistributorAccount Account, IReadOnlyList<(Bound Bound, StockAtSubmit Stock)> Lines, int Index, IReadOnlyList<ItemResult> Refused, string? Note)
    {
        public string? PoNumber { get; init; }
    }

    private sealed record Prepared(IReadOnlyList<GroupResult> Refused, IReadOnlyList<Draft> Drafts);
}

/// <summary>
/// What follows a PO the distributor may have (accepted, or no clear answer) once it is recorded: its tracking monitor
/// starts (the caller holds the Durable client). Must not throw: a monitor that cannot start now is the sweeper's to start.
/// </summary>
public delegate Task FollowPlacedOrder(PurchaseOrder po);
