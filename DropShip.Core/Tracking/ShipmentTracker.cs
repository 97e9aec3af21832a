using DropShip.Core.Attention;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using Microsoft.Extensions.Logging;

namespace DropShip.Core.Tracking;

/// <summary>
/// The monitor's work on one PO. <see cref="CheckAsync"/> asks the distributor, records new packages idempotently (one per
/// tracking number), moves the status, and confirms a PO that awaited confirmation by looking its number up, never by
/// resubmitting; what the answers mean for the PO's future is TrackingState.After's decision. The other methods carry
/// out those decisions. Everything here is safe to run twice.
/// </summary>
public sealed class ShipmentTracker(
    PurchaseOrderStore purchaseOrders,
    TrackedPurchaseOrderIndex trackedIndex,
    DistributorConnections connections,
    DistributorRegistry distributors,
    WebhookOutbox webhooks,
    CredentialsWatch credentials,
    AttentionIndex attention,
    TimeProvider clock,
    ILogger<ShipmentTracker> logger)
{
    public async Task<CheckResult> CheckAsync(string storeId, string poNumber, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(storeId, poNumber, cancellationToken) is not { } stored)
            return new CheckResult(CheckOutcome.Stopped, [], null, "The PO no longer exists.");
        var (result, after) = await CheckAsync(stored.Po, cancellationToken);
        // The PO's own status, as this check leaves it, is the one answer to "does it await confirmation" that
        // TrackingState.After judges a "not found" by.
        return result with { AwaitsConfirmation = after.AwaitsConfirmation };
    }

    private async Task<(CheckResult Result, PurchaseOrder After)> CheckAsync(PurchaseOrder po, CancellationToken cancellationToken)
    {
        var (storeId, poNumber) = (po.StoreId, po.PoNumber);
        if (!po.IsTracked)
            return (new CheckResult(po.IsShipped ? CheckOutcome.Shipped : CheckOutcome.Stopped, Pending(po), null, $"The PO is {po.Status}."), po);
        // The monitor is running (this is its check): the sweeper need not ask the Durable engine about it for a while.
        await trackedIndex.MarkRunningAsync(storeId, poNumber, clock.GetUtcNow(), cancellationToken);
        if (distributors.Find(po.Distributor) is not { } distributor)
            return (new CheckResult(CheckOutcome.Error, [], null, $"Distributor {po.Distributor} is no longer supported."), po);
        if (await connections.GetAccountAsync(po.StoreId, distributor, cancellationToken) is not { } account)
            return (new CheckResult(CheckOutcome.Error, [], null, $"{distributor.Profile.DisplayName} credentials are not configured."), po);

        var name = distributor.Profile.DisplayName;
        // Refused credentials cannot work: no call is spent until a PUT replaces them (or verify finds them accepted again).
        if (account.CredentialsRejectedAt is { } rejectedAt)
            return (new CheckResult(CheckOutcome.Paused, Pending(po), null,
                $"{name} refused the store's credentials at {rejectedAt:u}: checks wait until they are replaced."), po);
        OrderLookup lookup;
        using (var recording = DistributorCallRecording.Start())
        {
            lookup = await distributor.LookUpOrderAsync(account, new PlacedOrderRef(po.PoNumber, po.CreatedAt, po.DistributorOrderNumbers), cancellationToken);
            await NameAnswerProblemsAsync(po, recording.Problems, cancellationToken);
        }
        switch (lookup)
        {
            case OrderLookup.Found found:
                var updated = await RecordAsync(po, found, cancellationToken) ?? po;
                return (new CheckResult(updated.IsShipped ? CheckOutcome.Shipped : CheckOutcome.Pending, Pending(updated), null, found.DistributorStatus), updated);
            case OrderLookup.NotFound notFound:
                // What the distributor said; whether it counts (only while the PO awaits confirmation) is TrackingState.After's rule.
                return (new CheckResult(notFound.ProvenAbsent ? CheckOutcome.ProvenAbsent : CheckOutcome.NotFound, Pending(po), null,
                    $"{name} did not show PO {po.PoNumber}: {notFound.Detail}"), po);
            case OrderLookup.RateLimited limited:
                return (new CheckResult(CheckOutcome.RateLimited, Pending(po), limited.RetryAfter, $"{name} is rate limiting."), po);
            case OrderLookup.Failed failed:
                if (failed.InvalidCredentials)
                    await credentials.RejectedAsync(account, distributor, DistributorCall.LookUpOrder, failed.Reason, cancellationToken);
                return (new CheckResult(CheckOutcome.Error, Pending(po), null, failed.Reason), po);
            default:
                throw new InvalidOperationException("Unknown lookup result.");
        }
    }

    /// <summary>Six weeks without a complete shipment: stop, say so on the PO, tell the platform. The item claim is kept. Idempotent.</summary>
    public async Task StopAsync(string storeId, string poNumber, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var po = await purchaseOrders.MutateAsync(storeId, poNumber, current => current.IsTracked
            ? new PoChange(current with { Status = PurchaseOrderStatus.TrackingStopped, StatusReason = "Not fully shipped within the tracking period.", UpdatedAt = now },
                [new TimelineEntry(now, TimelineEntryTypes.TrackingStopped,
                    $"No complete shipment within the tracking period: checks stopped. Contact {distributors.DisplayNameOf(current.Distributor)} about this PO.")])
            : null, cancellationToken);
        if (po?.Status != PurchaseOrderStatus.TrackingStopped) return;
        await webhooks.PublishAsync(PlatformEvent.TrackingStopped(po, distributors.DisplayNameOf(po.Distributor), now), cancellationToken);
        // One entry says what is left to do: contact the distributor. The earlier reasons are part of it.
        await attention.RaiseAsync(storeId, AttentionItem.ForPurchaseOrder(po.PoNumber, po.Distributor, NameOf(po), AttentionReasons.TrackingStopped, now,
            $"PO {po.PoNumber} has not fully shipped within the tracking period; checks stopped."), cancellationToken);
        await ResolveAsync(storeId, po.PoNumber, [AttentionReasons.ChecksFailing, AttentionReasons.Unconfirmed], cancellationToken);
    }

    /// <summary>
    /// The PO's checks have failed since <paramref name="since"/> for Tracking:AttentionAfter: one NeedsAttention timeline
    /// entry, one attention entry and one purchase_order.needs_attention event per run of failures, naming the reason.
    /// </summary>
    public async Task RaiseAttentionAsync(string storeId, string poNumber, DateTimeOffset since, string? reason, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(storeId, poNumber, cancellationToken) is not { } stored) return;
        var po = stored.Po;
        var name = NameOf(po);
        var message = StoredText.Clip($"Every check of PO {po.PoNumber} with {name} has failed since {since:u}: {reason ?? "no usable answer"}. " +
                                      "Tracking keeps trying; this clears when a check succeeds.");
        var now = clock.GetUtcNow();
        if (!await HasEntryAsync(po, TimelineEntryTypes.NeedsAttention, since, cancellationToken))
            await purchaseOrders.AppendAsync(po, [new TimelineEntry(now, TimelineEntryTypes.NeedsAttention, message, AttentionData(AttentionReasons.ChecksFailing, since))], cancellationToken);
        await attention.RaiseAsync(storeId, AttentionItem.ForPurchaseOrder(po.PoNumber, po.Distributor, name, AttentionReasons.ChecksFailing, since, message), cancellationToken);
        await webhooks.PublishAsync(PlatformEvent.NeedsAttention(po, AttentionReasons.ChecksFailing, message, since, now), cancellationToken);
        logger.LogWarning("PO {PoNumber} of store {StoreId} needs attention: checks failing since {Since}", po.PoNumber, po.StoreId, since);
    }

    /// <summary>A check succeeded after the PO was said to need attention: the PO and the platform are told, the entry goes.</summary>
    public async Task ClearAttentionAsync(string storeId, string poNumber, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(storeId, poNumber, cancellationToken) is not { } stored) return;
        var po = stored.Po;
        var message = $"Checks of PO {po.PoNumber} with {NameOf(po)} succeed again (failing since {since:u}): no attention needed.";
        var now = clock.GetUtcNow();
        if (!await HasEntryAsync(po, TimelineEntryTypes.AttentionCleared, since, cancellationToken))
            await purchaseOrders.AppendAsync(po, [new TimelineEntry(now, TimelineEntryTypes.AttentionCleared, message, AttentionData(AttentionReasons.ChecksFailing, since))], cancellationToken);
        await ResolveAsync(storeId, po.PoNumber, [AttentionReasons.ChecksFailing], cancellationToken);
        await webhooks.PublishAsync(PlatformEvent.AttentionCleared(po, AttentionReasons.ChecksFailing, message, since, now), cancellationToken);
    }

    private async Task<bool> HasEntryAsync(PurchaseOrder po, string type, DateTimeOffset since, CancellationToken cancellationToken) =>
        (await purchaseOrders.TimelineAsync(po.StoreId, po.PoNumber, cancellationToken))
            .Any(e => e.Type == type && e.Data?.GetValueOrDefault(AttentionDataKeys.Since) == Since(since));

    private static Dictionary<string, string> AttentionData(string reason, DateTimeOffset since) =>
        new() { [AttentionDataKeys.Reason] = reason, [AttentionDataKeys.Since] = Since(since) };

    private static string Since(DateTimeOffset since) => since.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private async Task ResolveAsync(string storeId, string poNumber, IEnumerable<string> reasons, CancellationToken cancellationToken)
    {
        foreach (var reason in reasons)
            await attention.ResolveAsync(storeId, AttentionItem.IdFor(AttentionSubject.PurchaseOrder, poNumber, reason), cancellationToken);
    }

    private string NameOf(PurchaseOrder po) => distributors.DisplayNameOf(po.Distributor);

    /// <summary>
    /// The distributor's answers do not settle whether it has the PO: say so on the PO's timeline and to the platform,
    /// once per PO (DealerConfirmation), and keep the item claimed (ordering it again could order it twice).
    /// </summary>
    public async Task AskDealerToConfirmAsync(string storeId, string poNumber, CancellationToken cancellationToken)
    {
        if (await purchaseOrders.FindAsync(storeId, poNumber, cancellationToken) is not { Po.AwaitsConfirmation: true } stored) return;
        if (DealerConfirmation.WasAsked(await purchaseOrders.TimelineAsync(storeId, poNumber, cancellationToken))) return;
        var po = stored.Po;
        var name = distributors.DisplayNameOf(po.Distributor);
        var message = $"{name} has not confirmed PO {po.PoNumber} and its answers do not prove it lacks the order. " +
                      $"Confirm with {name} before ordering this item again; tracking goes on and picks the order up if it appears.";
        var now = clock.GetUtcNow();
        await purchaseOrders.AppendAsync(po, [DealerConfirmation.Entry(now, message)], cancellationToken);
        await attention.RaiseAsync(storeId, AttentionItem.ForPurchaseOrder(po.PoNumber, po.Distributor, name, AttentionReasons.Unconfirmed, now, message), cancellationToken);
        await webhooks.PublishAsync(PlatformEvent.NeedsAttention(po, message, now), cancellationToken);
        logger.LogWarning("PO {PoNumber} of store {StoreId} needs the dealer to confirm with {Distributor}", po.PoNumber, po.StoreId, po.Distributor);
    }

    /// <summary>The distributor proved it never got the PO: Failed, item claim released, platform told. Only for a PO still awaiting confirmation.</summary>
    public async Task ReleaseNeverPlacedAsync(string storeId, string poNumber, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var failed = await purchaseOrders.MutateAsync(storeId, poNumber, current => current.AwaitsConfirmation
            ? new PoChange(current with { Status = PurchaseOrderStatus.Failed, StatusReason = reason, UpdatedAt = now },
                [new TimelineEntry(now, TimelineEntryTypes.Failed, $"{reason} The item can be submitted again.")],
                ReleaseClaim: true)
            : null, cancellationToken);
        if (failed?.Status != PurchaseOrderStatus.Failed) return;
        await webhooks.PublishAsync(PlatformEvent.Failed(failed, distributors.DisplayNameOf(failed.Distributor), now), cancellationToken);
        await ResolveAsync(storeId, poNumber, [AttentionReasons.Unconfirmed, AttentionReasons.ChecksFailing], cancellationToken);
        logger.LogWarning("Unconfirmed PO {PoNumber} of store {StoreId} proven absent at {Distributor}: Failed", failed.PoNumber, failed.StoreId, failed.Distributor);
    }

    private async Task<PurchaseOrder?> RecordAsync(PurchaseOrder po, OrderLookup.Found found, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var wasUnconfirmed = false;
        var updated = await purchaseOrders.MutateAsync(po.StoreId, po.PoNumber, current =>
        {
            var known = current.Shipments.Select(s => s.TrackingNumber).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var fresh = new List<TrackedShipment>();
            var shippedSoFar = new Dictionary<string, int>(current.ShippedPerLine(), StringComparer.Ordinal);
            foreach (var s in found.Shipments.DistinctBy(s => s.TrackingNumber, StringComparer.OrdinalIgnoreCase).Where(s => !known.Contains(s.TrackingNumber)))
            {
                // Which lines the package carries is fixed when it is first seen, so an event never changes what it named.
                var lines = ShipmentLines.Of(current.Lines, shippedSoFar, s);
                foreach (var line in lines ?? []) shippedSoFar[line.ItemId] = shippedSoFar.GetValueOrDefault(line.ItemId) + line.Quantity;
                fresh.Add(new TrackedShipment(s.TrackingNumber, s.Carrier, Carriers.TrackingUrl(s.Carrier, s.TrackingNumber), s.ShipDate, s.Quantity, now, Lines: lines));
            }
            // When the distributor says everything has shipped and one package alone has unstated lines (WPS listing two
            // tracking numbers on one order), that package carries whatever the lines still lacked.
            if (found.Complete && fresh.Count(s => s.Lines is null) == 1 && current.Shipments.All(s => s.Lines is not null)
                && ShipmentLines.Remainder(current.Lines, shippedSoFar) is { } remainder)
                fresh = fresh.Select(s => s.Lines is null ? s with { Lines = remainder } : s).ToList();
            var shipments = current.Shipments.Concat(fresh).ToList();
            // Shipped when the distributor says everything has, or every line's units have: until then PartiallyShipped.
            var allShipped = found.Complete || (shipments.Count > 0 && ShipmentLines.AllShipped(current with { Shipments = shipments }));
            var status = allShipped ? PurchaseOrderStatus.Shipped : shipments.Count > 0 ? PurchaseOrderStatus.PartiallyShipped : PurchaseOrderStatus.Open;
            var orderNumbers = current.DistributorOrderNumbers.Union(found.OrderNumbers).ToList();
            if (fresh.Count == 0 && status == current.Status && orderNumbers.Count == current.DistributorOrderNumbers.Count) return null;

            wasUnconfirmed = current.AwaitsConfirmation;
            var events = new List<TimelineEntry>();
            if (wasUnconfirmed)
                events.Add(new TimelineEntry(now, TimelineEntryTypes.Confirmed, $"{distributors.DisplayNameOf(current.Distributor)} has PO {current.PoNumber}: the order was placed."));
            events.AddRange(fresh.Select(s => new TimelineEntry(now, TimelineEntryTypes.TrackingFound, $"{s.Carrier} tracking {s.TrackingNumber}" + (s.Quantity is { } q ? $" ({q} units)" : "")
                + (current.Lines.Count > 1 && s.Lines is { } carried ? ": " + string.Join(", ", carried.Select(l => $"item {l.ItemId} part {l.PartNumber} x{l.Quantity}")) : ""),
                new Dictionary<string, string> { ["trackingNumber"] = s.TrackingNumber, ["carrier"] = s.Carrier })));
            if (status == PurchaseOrderStatus.Shipped && current.Status != PurchaseOrderStatus.Shipped)
                events.Add(new TimelineEntry(now, TimelineEntryTypes.Shipped, "Everything on this PO has shipped."));
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

        // Every PO the distributor has gets its created event, the same one submit sends: a repeat is a no-op (same event id),
        // and a PO confirmed here, or one whose submit stopped before storing the event, is announced now.
        await webhooks.PublishAsync(PlatformEvent.Created(updated ?? po, now), cancellationToken);
        if (wasUnconfirmed && updated is not null)
            await ResolveAsync(po.StoreId, po.PoNumber, [AttentionReasons.Unconfirmed], cancellationToken);
        if (wasUnconfirmed && updated is not null)
            logger.LogInformation("Unconfirmed PO {PoNumber} of store {StoreId} found at {Distributor}: {Status}", updated.PoNumber, updated.StoreId, updated.Distributor, updated.Status);
        return updated;
    }

    /// <summary>
    /// The PO's timeline names each answer problem its lookups met, once per kind (what was expected): a drifted answer
    /// meets every check, and one line says it. The counter and the operators' list have every occurrence.
    /// </summary>
    private async Task NameAnswerProblemsAsync(PurchaseOrder po, IReadOnlyList<AnswerProblem> problems, CancellationToken cancellationToken)
    {
        if (problems.Count == 0) return;
        var named = (await purchaseOrders.TimelineAsync(po.StoreId, po.PoNumber, cancellationToken))
            .Where(e => e.Type == TimelineEntryTypes.AnswerProblem)
            .Select(e => e.Data?.GetValueOrDefault("expected")).ToHashSet(StringComparer.Ordinal);
        var fresh = problems.Where(p => !named.Contains(p.Expected)).DistinctBy(p => p.Expected).Select(AnswerProblemEntry).ToList();
        if (fresh.Count > 0) await purchaseOrders.AppendAsync(po, fresh, cancellationToken);
    }

    /// <summary>The timeline entry that names an answer problem (submission writes the same one).</summary>
    public static TimelineEntry AnswerProblemEntry(AnswerProblem problem) => new(problem.At, TimelineEntryTypes.AnswerProblem,
        StoredText.Clip($"The {problem.Operation} answer could not be fully read: {problem.Expected}."),
        new Dictionary<string, string> { ["operation"] = problem.Operation, ["expected"] = problem.Expected });

    private static IReadOnlyList<string> Pending(PurchaseOrder po) => po.Shipments.Where(s => s.NotificationPending).Select(s => s.TrackingNumber).ToList();
}
