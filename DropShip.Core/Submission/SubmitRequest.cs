using DropShip.Core.Common;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Submission;

/// <summary>The submit body: the item facts (re-checked on the server), the dealer's choice and an explicit confirmation.</summary>
public sealed record SubmitRequest
{
    public OrderItemFacts? Item { get; init; }
    public string? Distributor { get; init; }
    public string? PartNumber { get; init; }
    public string? PoNumber { get; init; }
    public ShipTo? ShipTo { get; init; }
    public string? ShipMethod { get; init; }
    /// <summary>Must be true: the dealer confirms this places a real order that costs money.</summary>
    public bool? ConfirmRealOrder { get; init; }
    /// <summary>True: order even when the distributor shows too little stock now (a backorder), and tell the distributor so
    /// where its API has a backorder setting. Default false: such an order is refused with OUT_OF_STOCK.</summary>
    public bool? AllowBackorder { get; init; }
}

public abstract record SubmitOutcome
{
    private SubmitOutcome() { }

    /// <summary>
    /// The PO this submit stored, which the distributor may have (accepted, or no clear answer): it is shown to the caller
    /// and must be tracked, by its monitor or, when that cannot start now, by the sweeper. Null: no PO exists (nothing was
    /// sent, or the distributor said no).
    /// </summary>
    public PurchaseOrder? StoredPo => this switch
    {
        Created created => created.Po,
        Unconfirmed unconfirmed => unconfirmed.Po,
        _ => null,
    };

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SubmitOutcome;

    public sealed record NotEligible(IReadOnlyList<Reason> Reasons) : SubmitOutcome;

    /// <summary>The distributor shows too little stock now and no backorder was accepted: nothing was reserved or sent.</summary>
    /// <param name="Stock">The chosen part's live figures.</param>
    /// <param name="Alternatives">The other eligible options, best first, with their figures.</param>
    public sealed record OutOfStock(LiveStockView Stock, int Requested, IReadOnlyList<EligibilityOption> Alternatives, string Message) : SubmitOutcome;

    /// <summary>The item already has a PO, or the PO number is taken in the store.</summary>
    /// <param name="ItemId">The item that already has a PO (ITEM_HAS_PO).</param>
    public sealed record Conflict(string Code, string Message, string ExistingPoNumber, string? ItemId = null) : SubmitOutcome;

    public sealed record Created(PurchaseOrder Po) : SubmitOutcome;

    /// <summary>The distributor said no. No PO exists; the attempt is in the audit trail.</summary>
    public sealed record Rejected(string Code, string Message, string Distributor) : SubmitOutcome;

    /// <summary>No clear answer from the distributor: the PO is Unconfirmed and will be looked up, never resubmitted blindly.</summary>
    public sealed record Unconfirmed(PurchaseOrder Po, string Reason) : SubmitOutcome;
}

public abstract record OrderSubmitOutcome
{
    private OrderSubmitOutcome() { }

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : OrderSubmitOutcome;

    /// <summary>Every group's outcome, whatever it was.</summary>
    public sealed record Submitted(OrderSubmission Result) : OrderSubmitOutcome;
}
