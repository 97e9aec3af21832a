using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Submission;

/// <summary>What a whole-order submit did: one group per PO it formed (or per distributor whose items could not be ordered).</summary>
public sealed record OrderSubmission(string OrderId, IReadOnlyList<GroupResult> Groups)
{
    /// <summary>Some group's order was placed, or may have been (Unconfirmed): the call answers 200.</summary>
    public bool AnythingOrdered => Groups.Any(g => g.Outcome is SubmitOutcome.Created or SubmitOutcome.Unconfirmed);
}

/// <summary>
/// One group: the items bound for one distributor that travel as one PO (at most the distributor's line limit), and what
/// became of it. <paramref name="Outcome"/> is Created or Unconfirmed (the PO), Rejected (the distributor said no: every
/// item of the group is released), or, when nothing was sent, the refusal (Conflict, Invalid, NotEligible, OutOfStock).
/// </summary>
/// <param name="Distributor">Null for items no distributor could be chosen for.</param>
/// <param name="Note">Why the distributor's items are split into several POs, when they are.</param>
public sealed record GroupResult(
    IDistributor? Distributor,
    string? PoNumber,
    SubmitOutcome Outcome,
    IReadOnlyList<ItemResult> Items,
    DropShipFees? Fees,
    string? Note);

/// <summary>One item of a group: the part ordered, or why the item was refused before ordering (the group goes on without it).</summary>
/// <param name="Live">The chosen option's live stock, as the eligibility answer shows it.</param>
/// <param name="Refusal">NotEligible, OutOfStock or Conflict for this item alone; null when it is on the group's PO.</param>
public sealed record ItemResult(string ItemId, string? PartNumber, int Quantity, LiveStockView? Live, StockAtSubmit? StockAtSubmit, SubmitOutcome? Refusal);

/// <summary>
/// The drop-ship fees of one group as far as the evidence goes: per order (Parts Unlimited) grouping N items saves N - 1
/// fees; where the basis is unknown (WPS lists a fee per item) the fees are shown as listed and nothing is claimed as saved.
/// </summary>
/// <param name="FeesAvoided">Fees not charged because the items travel as one order; null where the basis is unknown.</param>
/// <param name="Listed">The fee each item's live stock answer lists, where it lists one.</param>
public sealed record DropShipFees(DropShipFeeBasis Basis, int? FeesAvoided, IReadOnlyList<ListedFee> Listed, bool Assumption, string Note)
{
    public static DropShipFees For(IDistributor distributor, IReadOnlyList<(string ItemId, LiveStockView? Live)> items)
    {
        var name = distributor.Profile.DisplayName;
        var listed = items.Where(i => i.Live?.DropShipFee is not null).Select(i => new ListedFee(i.ItemId, i.Live!.DropShipFee!.Value)).ToList();
        var fee = listed.Select(l => l.Fee).Distinct().Count() == 1 ? listed[0].Fee : (decimal?)null;
        return distributor.Profile.FeeBasis switch
        {
            DropShipFeeBasis.PerOrder => new(DropShipFeeBasis.PerOrder, items.Count - 1, listed, Assumption: false,
                items.Count > 1
                    ? $"{name} charges its drop-ship fee per order: these {items.Count} items travel as one order, so {items.Count - 1} fee(s) are not charged" + (fee is { } f ? $" ({f:0.00} each)." : ".")
                    : $"{name} charges its drop-ship fee per order."),
            _ => new(DropShipFeeBasis.Unknown, null, listed, Assumption: true,
                listed.Count > 0
                    ? $"{name} lists a drop-ship fee on each item (shown per item); whether it is charged per item or per order is not public, so nothing is claimed as saved. Assumption: confirm with {name} before go-live."
                    : $"{name} publishes no drop-ship fee basis: nothing is claimed as saved."),
        };
    }
}

public sealed record ListedFee(string ItemId, decimal Fee);
