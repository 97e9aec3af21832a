using DropShip.Core.Common;
using DropShip.Core.Submission;
using DropShip.Functions.Http;
using DropShip.Functions.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DropShip.Functions.Submission;

/// <summary>
/// Drop-ships a whole order: the items bound for one distributor travel as one PO with lines. 200 with one answer per
/// group when anything was ordered (or may have been); when nothing was, the same answer as a problem: 502 every group
/// rejected by its distributor, 409 every group refused for a conflict or stock, else 422; 400 bad input.
/// </summary>
public sealed class SubmitOrderFunction(SubmissionService submissions, TrackingStarter tracking)
{
    [Function(nameof(SubmitOrder))]
    public async Task<IActionResult> SubmitOrder(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/dropship/order")] HttpRequest request,
        string storeId,
        [DurableClient] DurableTaskClient durable)
    {
        var (_, badRoute) = StoreRoute.Bind(storeId);
        if (badRoute is not null) return badRoute;
        var (body, problem) = await RequestJson.ReadAsync<OrderSubmitRequest>(request, request.HttpContext.RequestAborted);
        if (problem is not null) return problem;

        // Every PO the distributor may have gets its monitor as soon as it is recorded (or the sweeper starts it), as after a one-item submit.
        switch (await submissions.SubmitOrderAsync(storeId, body!, po => tracking.StartOrDeferAsync(durable, po), request.HttpContext.RequestAborted))
        {
            case OrderSubmitOutcome.Invalid invalid:
                return ApiResults.Invalid(invalid.Errors);
            case OrderSubmitOutcome.Submitted submitted:
                var view = OrderSubmissionView.From(submitted.Result);
                return view.Ordered
                    ? ApiResults.Ok(view)
                    : ApiResults.Error(view.HttpStatus, ErrorCodes.OrderNotPlaced, "Nothing was ordered: " + string.Join(" ", view.Groups.Select(g => g.Message)),
                        new { view.OrderId, view.Ordered, view.Groups });
            default:
                throw new InvalidOperationException("Unknown submit outcome.");
        }
    }
}
