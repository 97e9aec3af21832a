using DropShip.Core.Common;
using DropShip.Core.Submission;
using DropShip.Functions.Http;
using DropShip.Functions.PurchaseOrders;
using DropShip.Functions.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DropShip.Functions.Submission;

/// <summary>
/// Places a drop-ship PO: 201 created, 202 unconfirmed (no clear answer; it will be looked up), 400 bad input,
/// 409 item or PO number taken, or out of stock at the distributor (nothing reserved), 422 not eligible, 502 the distributor
/// rejected it (no PO exists).
/// </summary>
public sealed class SubmitPurchaseOrderFunction(SubmissionService submissions, TrackingStarter tracking)
{
    [Function(nameof(SubmitPurchaseOrder))]
    public async Task<IActionResult> SubmitPurchaseOrder(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/purchase-orders")] HttpRequest request,
        string storeId,
        [DurableClient] DurableTaskClient durable)
    {
        var (_, badRoute) = StoreRoute.Bind(storeId);
        if (badRoute is not null) return badRoute;
        var (body, problem) = await RequestJson.ReadAsync<SubmitRequest>(request, request.HttpContext.RequestAborted);
        if (problem is not null) return problem;

        // Each PO the distributor may have gets its monitor, started as soon as the PO is recorded (or by the sweeper).
        var outcome = await submissions.SubmitAsync(storeId, body!, po => tracking.StartOrDeferAsync(durable, po), request.HttpContext.RequestAborted);
        switch (outcome)
        {
            case SubmitOutcome.Created created:
                request.HttpContext.Response.Headers.Location = PurchaseOrderFunctions.PathOf(created.Po);
                return ApiResults.Json(StatusCodes.Status201Created, PurchaseOrderView.From(created.Po, timeline: null));
            case SubmitOutcome.Unconfirmed unconfirmed:
                // Where to follow it: the PO's URL, as for a 201 (RFC 9110 15.3.3).
                request.HttpContext.Response.Headers.Location = PurchaseOrderFunctions.PathOf(unconfirmed.Po);
                return ApiResults.Json(StatusCodes.Status202Accepted, PurchaseOrderView.From(unconfirmed.Po, timeline: null));
            case SubmitOutcome.Invalid invalid:
                return ApiResults.Invalid(invalid.Errors);
            case SubmitOutcome.NotEligible notEligible:
                return ApiResults.Error(StatusCodes.Status422UnprocessableEntity, ErrorCodes.NotEligible,
                    string.Join(" ", notEligible.Reasons.Select(r => r.Message)), new { reasons = notEligible.Reasons });
            case SubmitOutcome.OutOfStock shortage:
                return ApiResults.Error(StatusCodes.Status409Conflict, ErrorCodes.OutOfStock, shortage.Message,
                    new { stock = shortage.Stock, requestedQuantity = shortage.Requested, alternatives = shortage.Alternatives });
            case SubmitOutcome.Conflict conflict:
                return ApiResults.Error(StatusCodes.Status409Conflict, conflict.Code, conflict.Message,
                    new { existingPoNumber = conflict.ExistingPoNumber, itemId = conflict.ItemId });
            case SubmitOutcome.Rejected rejected:
                return ApiResults.Error(StatusCodes.Status502BadGateway, rejected.Code, $"{rejected.Distributor} rejected the order: {rejected.Message}",
                    new { distributorMessage = rejected.Message });
            default:
                throw new InvalidOperationException("Unknown submit outcome.");
        }
    }
}
