using DropShip.Core.Attention;
using DropShip.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Attention;

/// <summary>The dealer's attention list: what needs a person, and dismissing an entry.</summary>
public sealed class AttentionFunctions(AttentionList attention)
{
    [Function(nameof(ListAttention))]
    public async Task<IActionResult> ListAttention(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stores/{storeId}/attention")] HttpRequest request, string storeId)
    {
        var (_, badRoute) = StoreRoute.Bind(storeId);
        if (badRoute is not null) return badRoute;
        var (q, repeated) = (request.Query, new Core.Common.FieldErrors());
        var pageSize = QueryParameters.Single(q, "pageSize", repeated);
        var token = QueryParameters.Single(q, "continuationToken", repeated);
        if (repeated.Any) return ApiResults.Invalid(repeated.All);
        return await attention.ListAsync(storeId, pageSize, token, request.HttpContext.RequestAborted) switch
        {
            AttentionPageOutcome.Found found => ApiResults.Page(found.Page),
            AttentionPageOutcome.Invalid invalid => ApiResults.Invalid(invalid.Errors),
            _ => throw new InvalidOperationException("Unknown attention list outcome."),
        };
    }

    [Function(nameof(DismissAttention))]
    public async Task<IActionResult> DismissAttention(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/attention/{id}/dismiss")] HttpRequest request, string storeId, string id)
    {
        var (_, badRoute) = StoreRoute.Bind(storeId);
        if (badRoute is not null) return badRoute;
        return await attention.DismissAsync(storeId, id, request.HttpContext.RequestAborted) switch
        {
            DismissOutcome.Dismissed dismissed => ApiResults.Ok(dismissed.Item),
            DismissOutcome.NotFound => ApiResults.NotFound($"Attention entry {id}"),
            DismissOutcome.Invalid invalid => ApiResults.Invalid(invalid.Errors),
            _ => throw new InvalidOperationException("Unknown dismiss outcome."),
        };
    }
}
