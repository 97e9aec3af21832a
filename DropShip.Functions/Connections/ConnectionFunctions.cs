using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Connections;

/// <summary>A store's distributor connections: list, read, save, delete, verify. Secrets go in, never out.</summary>
public sealed class ConnectionFunctions(DistributorConnections connections, DistributorRegistry distributors)
{
    [Function(nameof(ListConnections))]
    public async Task<IActionResult> ListConnections(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stores/{storeId}/distributors")] HttpRequest request, string storeId)
    {
        if (ApiResults.CheckStoreId(storeId) is { } bad) return bad;
        return ApiResults.Ok(new { items = await connections.ListAsync(storeId, request.HttpContext.RequestAborted) });
    }

    [Function(nameof(GetConnection))]
    public async Task<IActionResult> GetConnection(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stores/{storeId}/distributors/{distributor}")] HttpRequest request, string storeId, string distributor)
    {
        if (Resolve(storeId, distributor, out var adapter) is { } bad) return bad;
        return await connections.GetAsync(storeId, adapter!, request.HttpContext.RequestAborted) is { } view
            ? ApiResults.Ok(view)
            : ApiResults.NotFound($"A {adapter!.Profile.DisplayName} connection");
    }

    [Function(nameof(SaveConnection))]
    public async Task<IActionResult> SaveConnection(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "stores/{storeId}/distributors/{distributor}")] HttpRequest request, string storeId, string distributor)
    {
        if (Resolve(storeId, distributor, out var adapter) is { } bad) return bad;
        var (input, problem) = await RequestJson.ReadAsync<ConnectionInput>(request, request.HttpContext.RequestAborted);
        if (problem is not null) return problem;
        return await connections.SaveAsync(storeId, adapter!, input!, request.HttpContext.RequestAborted) switch
        {
            SaveConnectionResult.Saved saved => ApiResults.Json(saved.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK, saved.Connection),
            SaveConnectionResult.Invalid invalid => ApiResults.Invalid(invalid.Errors),
            _ => throw new InvalidOperationException(),
        };
    }

    [Function(nameof(DeleteConnection))]
    public async Task<IActionResult> DeleteConnection(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "stores/{storeId}/distributors/{distributor}")] HttpRequest request, string storeId, string distributor)
    {
        if (Resolve(storeId, distributor, out var adapter) is { } bad) return bad;
        return await connections.DeleteAsync(storeId, adapter!, request.HttpContext.RequestAborted)
            ? new NoContentResult()
            : ApiResults.NotFound($"A {adapter!.Profile.DisplayName} connection");
    }

    [Function(nameof(VerifyConnection))]
    public async Task<IActionResult> VerifyConnection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/distributors/{distributor}/verify")] HttpRequest request, string storeId, string distributor)
    {
        if (Resolve(storeId, distributor, out var adapter) is { } bad) return bad;
        if (await connections.GetAccountAsync(storeId, adapter!, request.HttpContext.RequestAborted) is not { } account)
            return ApiResults.NotFound($"A {adapter!.Profile.DisplayName} connection");
        var result = await adapter!.VerifyAsync(account, request.HttpContext.RequestAborted);
        return ApiResults.Ok(new { distributor = adapter.Profile.Key, testMode = account.TestMode, outcome = result.Outcome, message = result.Message });
    }

    private ContentResult? Resolve(string storeId, string distributorKey, out IDistributor? adapter)
    {
        adapter = distributors.Find(distributorKey);
        if (ApiResults.CheckStoreId(storeId) is { } bad) return bad;
        return adapter is null
            ? ApiResults.Invalid([new FieldError("distributor", "unknown_distributor", $"Unknown distributor '{distributorKey}'. Known: {distributors.KnownKeys}.")])
            : null;
    }
}
