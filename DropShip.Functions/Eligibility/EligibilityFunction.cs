using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Eligibility;

/// <summary>Can these order items be drop-shipped, with which distributor part, and what PO number and ship-to to pre-fill.</summary>
public sealed class EligibilityFunction(EligibilityService eligibility, DistributorRegistry distributors)
{
    [Function(nameof(CheckEligibility))]
    public async Task<IActionResult> CheckEligibility(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/dropship/eligibility")] HttpRequest request, string storeId)
    {
        var (_, badRoute) = StoreRoute.Bind(storeId);
        if (badRoute is not null) return badRoute;
        var (facts, problem) = await RequestJson.ReadAsync<OrderItemFacts>(request, request.HttpContext.RequestAborted);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var item = ValidItem.From(facts, distributors, errors);
        if (item is null) return ApiResults.Invalid(errors.All);
        return ApiResults.Ok(await eligibility.EvaluateAsync(storeId, item, request.HttpContext.RequestAborted));
    }

    /// <summary>Every item of an order in one call: the order's lookups are shared and run concurrently.</summary>
    [Function(nameof(CheckOrderEligibility))]
    public async Task<IActionResult> CheckOrderEligibility(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/dropship/eligibility/order")] HttpRequest request, string storeId)
    {
        var (_, badRoute) = StoreRoute.Bind(storeId);
        if (badRoute is not null) return badRoute;
        var (facts, problem) = await RequestJson.ReadAsync<OrderFacts>(request, request.HttpContext.RequestAborted);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var order = ValidOrder.From(facts, distributors, errors);
        if (order is null) return ApiResults.Invalid(errors.All);
        return ApiResults.Ok(await eligibility.EvaluateOrderAsync(storeId, order, request.HttpContext.RequestAborted));
    }
}
