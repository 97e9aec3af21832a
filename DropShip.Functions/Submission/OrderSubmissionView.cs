using DropShip.Core.Common;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Submission;
using DropShip.Functions.PurchaseOrders;
using Microsoft.AspNetCore.Http;

namespace DropShip.Functions.Submission;

/// <summary>What happened to a group: its PO was created (as a 201 would say), is unconfirmed (as a 202), was refused before anything was sent, or was rejected by the distributor.</summary>
public enum GroupOutcome { Created, Unconfirmed, Refused, Rejected }

/// <summary>The whole-order submit answer: one entry per group (one PO, or a distributor's items that could not be ordered).</summary>
/// <param name="Ordered">At least one group was created or is unconfirmed (the call answers 200).</param>
public sealed record OrderSubmissionView(string OrderId, bool Ordered, IReadOnlyList<GroupView> Groups)
{
    public static OrderSubmissionView From(OrderSubmission result) =>
        new(result.OrderId, result.AnythingOrdered, result.Groups.Select(GroupView.From).ToList());

    /// <summary>
    /// 200 when anything was ordered or may have been; otherwise what the one-item submit would answer when every group
    /// failed the same way: 502 every group rejected by its distributor, 409 every group refused for a conflict or stock,
    /// else 422.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int HttpStatus => Ordered ? StatusCodes.Status200OK
        : Groups.All(g => g.Outcome == GroupOutcome.Rejected) ? StatusCodes.Status502BadGateway
        : Groups.All(g => g.Code is ErrorCodes.ItemHasPo or ErrorCodes.PoNumberTaken or ErrorCodes.OutOfStock) ? StatusCodes.Status409Conflict
        : StatusCodes.Status422UnprocessableEntity;
}

/// <param name="Distributor">Null for items no distributor part could be chosen for.</param>
/// <param name="Code">Why nothing was ordered (Refused, Rejected): the code the one-item submit would answer.</param>
/// <param name="PurchaseOrder">The PO (Created, Unconfirmed), as the PO view shows it.</param>
/// <param name="Items">Every item of the group: on the PO, or refused before ordering with its own reason.</param>
/// <param name="LineLimit">The most items the distributor takes in one order (documented per distributor; an assumption where unpublished).</param>
/// <param name="Note">Why the distributor's items make several POs, when they do.</param>
public sealed record GroupView(
    string? Distributor,
    string? DistributorName,
    string? PoNumber,
    GroupOutcome Outcome,
    string? Code,
    string? Message,
    string? DistributorMessage,
    IReadOnlyList<Reason>? Reasons,
    IReadOnlyList<FieldError>? Errors,
    string? ExistingPoNumber,
    string? ConflictingItemId,
    PurchaseOrderView? PurchaseOrder,
    IReadOnlyList<GroupItemView> Items,
    DropShipFees? Fees,
    int? LineLimit,
    string? Note)
{
    public static GroupView From(GroupResult group)
    {
        var detail = OutcomeDetail.Of(group.Outcome);
        var po = group.Outcome.StoredPo;
        var outcome = group.Outcome switch
        {
            SubmitOutcome.Created => GroupOutcome.Created,
            SubmitOutcome.Unconfirmed => GroupOutcome.Unconfirmed,
            SubmitOutcome.Rejected => GroupOutcome.Rejected,
            _ => GroupOutcome.Refused,
        };
        return new GroupView(group.Distributor?.Profile.Key, group.Distributor?.Profile.DisplayName, group.PoNumber, outcome,
            po is null ? detail.Code : null, detail.Message, detail.DistributorMessage, detail.Reasons, detail.Errors, detail.ExistingPoNumber, detail.ItemId,
            po is null ? null : PurchaseOrderView.From(po, timeline: null),
            group.Items.Select(i => GroupItemView.From(i, po is not null)).ToList(),
            group.Fees, group.Distributor?.Profile.Limits.MaxLinesPerOrder, group.Note);
    }
}

/// <param name="Ordered">The item is a line of the group's PO (created or unconfirmed).</param>
/// <param name="Live">The chosen part's live stock, as the eligibility answer shows it.</param>
/// <param name="Alternatives">OUT_OF_STOCK: the other eligible options, best first.</param>
public sealed record GroupItemView(
    string ItemId,
    string? PartNumber,
    int Quantity,
    bool Ordered,
    string? Code,
    string? Message,
    IReadOnlyList<Reason>? Reasons,
    string? ExistingPoNumber,
    LiveStockView? Live,
    StockAtSubmit? StockAtSubmit,
    IReadOnlyList<EligibilityOption>? Alternatives)
{
    public static GroupItemView From(ItemResult item, bool groupOrdered)
    {
        var detail = item.Refusal is null ? null : OutcomeDetail.Of(item.Refusal);
        return new GroupItemView(item.ItemId, item.PartNumber, item.Quantity, groupOrdered && item.Refusal is null, detail?.Code, detail?.Message, detail?.Reasons,
            detail?.ExistingPoNumber, item.Live, item.StockAtSubmit, (item.Refusal as SubmitOutcome.OutOfStock)?.Alternatives);
    }
}

/// <summary>A refusal or rejection as the one-item submit reports it: its code, message and details.</summary>
internal sealed record OutcomeDetail(string? Code, string? Message, string? DistributorMessage, IReadOnlyList<Reason>? Reasons, IReadOnlyList<FieldError>? Errors, string? ExistingPoNumber, string? ItemId)
{
    public static OutcomeDetail Of(SubmitOutcome outcome) => outcome switch
    {
        SubmitOutcome.Created => new(null, null, null, null, null, null, null),
        SubmitOutcome.Unconfirmed unconfirmed => new(null, unconfirmed.Reason, null, null, null, null, null),
        SubmitOutcome.Invalid invalid => new(ErrorCodes.InvalidRequest, string.Join(" ", invalid.Errors.Select(e => e.Message)), null, null, invalid.Errors, null, null),
        SubmitOutcome.NotEligible notEligible => new(ErrorCodes.NotEligible, string.Join(" ", notEligible.Reasons.Select(r => r.Message)), null, notEligible.Reasons, null, null, null),
        SubmitOutcome.OutOfStock shortage => new(ErrorCodes.OutOfStock, shortage.Message, null, null, null, null, null),
        SubmitOutcome.Conflict conflict => new(conflict.Code, conflict.Message, null, null, null, conflict.ExistingPoNumber, conflict.ItemId),
        SubmitOutcome.Rejected rejected => new(rejected.Code, $"{rejected.Distributor} rejected the order: {rejected.Message}", rejected.Message, null, null, null, null),
        _ => throw new InvalidOperationException("Unknown submit outcome."),
    };
}
