using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Http;
using DropShip.Functions.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DropShip.Functions.PurchaseOrders;

/// <summary>Search, read and "check now" for a store's purchase orders.</summary>
public sealed class PurchaseOrderFunctions(PurchaseOrderQueries queries, TrackingStarter tracking)
{
    [Function(nameof(SearchPurchaseOrders))]
    public async Task<IActionResult> SearchPurchaseOrders(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stores/{storeId}/purchase-orders")] HttpRequest request, string storeId)
    {
        if (ApiResults.CheckStoreId(storeId) is { } bad) return bad;
        var q = request.Query;
        var search = new PurchaseOrderSearch(Single(q, "poNumber"), Single(q, "orderId"), Single(q, "distributor"), Single(q, "shipped"),
            Single(q, "status"), Single(q, "pageSize"), Single(q, "continuationToken"));
        return await queries.SearchAsync(storeId, search, request.HttpContext.RequestAborted) switch
        {
            SearchOutcome.Found found => ApiResults.Ok(new { items = found.Page.Items, continuationToken = found.Page.ContinuationToken }),
            SearchOutcome.Invalid invalid => ApiResults.Invalid(invalid.Errors),
            _ => throw new InvalidOperationException(),
        };
    }

    [Function(nameof(GetPurchaseOrder))]
    public async Task<IActionResult> GetPurchaseOrder(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stores/{storeId}/purchase-orders/{poNumber}")] HttpRequest request, string storeId, string poNumber)
    {
        if (ApiResults.CheckStoreId(storeId) is { } bad) return bad;
        return await queries.GetAsync(storeId, poNumber, request.HttpContext.RequestAborted) is { } details
            ? ApiResults.Ok(PurchaseOrderView.From(details.Po, details.Timeline))
            : ApiResults.NotFound($"Purchase order {poNumber}");
    }

    [Function(nameof(CheckPurchaseOrderNow))]
    public async Task<IActionResult> CheckPurchaseOrderNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/purchase-orders/{poNumber}/check")] HttpRequest request,
        string storeId,
        string poNumber,
        [DurableClient] DurableTaskClient durable)
    {
        if (ApiResults.CheckStoreId(storeId) is { } bad) return bad;
        if (await queries.GetAsync(storeId, poNumber, request.HttpContext.RequestAborted) is not { } details)
            return ApiResults.NotFound($"Purchase order {poNumber}");
        if (!details.Po.IsTracked)
            return ApiResults.Problem(StatusCodes.Status409Conflict, "not_tracked", "The purchase order is no longer tracked.",
                $"Purchase order {details.Po.PoNumber} is {details.Po.Status}; it is no longer checked with the distributor.");
        // A tracked PO without a running monitor (e.g. the host stopped between the order call and starting it) gets one
        // now; its first check is already due, so it checks at once. Otherwise the running monitor is told to check now.
        if (!await tracking.StartAsync(durable, details.Po, request.HttpContext.RequestAborted))
            await durable.RaiseEventAsync(TrackingInstance.IdFor(storeId, details.Po.PoNumber), TrackingInstance.CheckNowEvent, eventPayload: null, request.HttpContext.RequestAborted);
        return ApiResults.Json(StatusCodes.Status202Accepted, new { poNumber = details.Po.PoNumber, status = details.Po.Status, checkRequested = true });
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;
}
