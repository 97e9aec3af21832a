using DropShip.Core.Common;
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
        var (_, badRoute) = StoreRoute.Bind(storeId);
        if (badRoute is not null) return badRoute;
        var (q, repeated) = (request.Query, new FieldErrors());
        var search = new PurchaseOrderSearch(QueryParameters.Single(q, "poNumber", repeated), QueryParameters.Single(q, "orderId", repeated),
            QueryParameters.Single(q, "distributor", repeated), QueryParameters.Single(q, "shipped", repeated), QueryParameters.Single(q, "status", repeated),
            QueryParameters.Single(q, "pageSize", repeated), QueryParameters.Single(q, "continuationToken", repeated), QueryParameters.Single(q, "itemId", repeated));
        if (repeated.Any) return ApiResults.Invalid(repeated.All);
        return await queries.SearchAsync(storeId, search, request.HttpContext.RequestAborted) switch
        {
            SearchOutcome.Found found => ApiResults.Page(found.Page),
            SearchOutcome.Invalid invalid => ApiResults.Invalid(invalid.Errors),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>The PO's URL (GET <see cref="GetPurchaseOrder"/>), for a <c>Location</c> header: the app's route prefix is <c>api</c> (host.json).</summary>
    public static string PathOf(PurchaseOrder po) => $"/api/stores/{Uri.EscapeDataString(po.StoreId)}/purchase-orders/{Uri.EscapeDataString(po.PoNumber)}";

    [Function(nameof(GetPurchaseOrder))]
    public async Task<IActionResult> GetPurchaseOrder(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stores/{storeId}/purchase-orders/{poNumber}")] HttpRequest request, string storeId, string poNumber)
    {
        var (_, badRoute) = StoreRoute.Bind(storeId, poNumber: poNumber);
        if (badRoute is not null) return badRoute;
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
        var (_, badRoute) = StoreRoute.Bind(storeId, poNumber: poNumber);
        if (badRoute is not null) return badRoute;
        if (await queries.GetAsync(storeId, poNumber, request.HttpContext.RequestAborted) is not { } details)
            return ApiResults.NotFound($"Purchase order {poNumber}");
        if (!details.Po.IsTracked)
            return ApiResults.Error(StatusCodes.Status409Conflict, ErrorCodes.NotTracked,
                $"Purchase order {details.Po.PoNumber} is {details.Po.Status}; it is no longer checked with the distributor.");
        // A tracked PO without a running monitor (e.g. the host stopped between the order call and starting it) gets one
        // now; its first check is already due, so it checks at once. Otherwise the running monitor is told to check now.
        if (!await tracking.StartAsync(durable, details.Po, request.HttpContext.RequestAborted))
            await durable.RaiseEventAsync(TrackingInstance.IdFor(storeId, details.Po.PoNumber), TrackingInstance.CheckNowEvent, eventPayload: null, request.HttpContext.RequestAborted);
        return ApiResults.Json(StatusCodes.Status202Accepted, new { poNumber = details.Po.PoNumber, status = details.Po.Status, checkRequested = true });
    }
}
