using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Submission;

/// <summary>
/// The last look at the distributor's stock before an order call, run before anything is reserved. Only a distributor's
/// clear "cannot ship that many now" stops an order, and only when the dealer did not accept a backorder; a check that
/// proves nothing (timed out, throttled, failed, a capped figure below the quantity, no live stock at this distributor)
/// never blocks: the order goes ahead and the PO says stock could not be confirmed.
/// </summary>
public sealed class StockGuard(LiveStock liveStock)
{
    /// <summary>
    /// Starts the guard's questions about one distributor's chosen parts as soon as its account is read, beside
    /// eligibility's reads instead of after them, in as few calls as eligibility would make. Eligibility's own questions
    /// about those parts join them (the live-stock cache shares a question in flight and keeps its answer), so the
    /// distributor is still asked once. Nothing is asked when live stock is off, the store has no account there, or the
    /// distributor refused its credentials; the answers reach the caller through eligibility, so this task is only observed.
    /// </summary>
    public void AskEarly(StoreAccounts accounts, IDistributor distributor, IReadOnlyList<string> partNumbers, CancellationToken cancellationToken)
    {
        if (!liveStock.Enabled) return;
        AskAsync().Observe();

        async Task AskAsync()
        {
            if (await accounts.GetAsync(distributor) is { CredentialsRejectedAt: null } account)
                await liveStock.AskAheadAsync(account, partNumbers, cancellationToken);
        }
    }

    /// <param name="chosen">The option as eligibility just evaluated it: its live figures, when present, are the ones asked
    /// moments ago in this same request, so the distributor is not asked twice.</param>
    /// <param name="options">Every option of that evaluation, best first: the other eligible ones are the alternatives.</param>
    public async Task<StockDecision> CheckAsync(
        DistributorAccount account, EligibilityOption chosen, IReadOnlyList<EligibilityOption> options, int quantity, bool allowBackorder,
        CancellationToken cancellationToken)
    {
        if (!liveStock.Enabled)
            return new StockDecision.Proceed(new StockAtSubmit(StockConfirmation.NotChecked, null, null, null, null, "Live stock checks are turned off."));
        var live = chosen.Live ?? await liveStock.CheckAsync(account, chosen.PartNumber, quantity, cancellationToken);
        if (live is null)
            return new StockDecision.Proceed(new StockAtSubmit(StockConfirmation.Unconfirmed, null, null, null, null,
                $"{chosen.DistributorName} stock could not be confirmed: no live stock for this distributor."));

        switch (live.CanFill)
        {
            case true:
                return new StockDecision.Proceed(Record(StockConfirmation.Confirmed, live,
                    $"{chosen.DistributorName} showed {Shown(live)} available for the {quantity} ordered."));
            case false when allowBackorder:
                return new StockDecision.Proceed(Record(StockConfirmation.BackorderAccepted, live,
                    $"{chosen.DistributorName} showed {Shown(live)} available for the {quantity} ordered; the dealer accepted a backorder."));
            case false:
                var alternatives = options.Where(o => o.Eligible && !SameOption(o, chosen)).ToList();
                return new StockDecision.OutOfStock(live, quantity, alternatives,
                    $"{chosen.DistributorName} shows {Shown(live)} of part {chosen.PartNumber} available now and {quantity} were ordered. " +
                    (alternatives.Count > 0 ? "Choose another option, or " : "") + "submit again with allowBackorder to accept a backorder.");
            default:
                return new StockDecision.Proceed(Record(StockConfirmation.Unconfirmed, live,
                    $"{chosen.DistributorName} stock could not be confirmed: " + (live.Message ?? $"it showed {Shown(live)} (a capped figure) for the {quantity} ordered.")));
        }
    }

    private static StockAtSubmit Record(StockConfirmation outcome, LiveStockView live, string message) =>
        new(outcome, live.Quantity, live.QuantityIsFloor, live.AsOf, live.Source, message);

    private static string Shown(LiveStockView live) => live.Quantity is { } quantity ? live.QuantityIsFloor == true ? $"at least {quantity}" : $"{quantity}" : "no figure";

    private static bool SameOption(EligibilityOption a, EligibilityOption b) =>
        string.Equals(a.Distributor, b.Distributor, StringComparison.OrdinalIgnoreCase) && string.Equals(a.PartNumber, b.PartNumber, StringComparison.OrdinalIgnoreCase);
}

public abstract record StockDecision
{
    private StockDecision() { }

    /// <summary>Place the order; <paramref name="Record"/> goes on the PO.</summary>
    public sealed record Proceed(StockAtSubmit Record) : StockDecision;

    /// <summary>The distributor cannot ship the quantity now and the dealer did not accept a backorder: nothing is reserved or sent.</summary>
    public sealed record OutOfStock(LiveStockView Stock, int Requested, IReadOnlyList<EligibilityOption> Alternatives, string Message) : StockDecision;
}
