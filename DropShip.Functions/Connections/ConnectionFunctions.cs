using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Connections;

/// <summary>A store's distributor connections: list, read, save, delete, verify. Secrets go in, never out.</summary>
public sealed class ConnectionFunctions(DistributorConnections connections, DistributorRegistry distributors, ConnectionProbe probe, CredentialsWatch credentials)
{
    [Function(nameof(ListConnections))]
    public async Task<IActionResult> ListConnections(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stores/{storeId}/distributors")] HttpRequest request, string storeId)
    {
        var (_, badRoute) = StoreRoute.Bind(storeId);
        if (badRoute is not null) return badRoute;
        // One page holds them all (a store has at most one connection per distributor): the list shape without a token.
        return ApiResults.Page(new Page<ConnectionView>(await connections.ListAsync(storeId, request.HttpContext.RequestAborted), null));
    }

    [Function(nameof(GetConnection))]
    public async Task<IActionResult> GetConnection(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stores/{storeId}/distributors/{distributor}")] HttpRequest request, string storeId, string distributor)
    {
        var (route, badRoute) = StoreRoute.Bind(storeId, distributors, distributor);
        if (badRoute is not null) return badRoute;
        return await connections.GetAsync(storeId, route!.Distributor!, request.HttpContext.RequestAborted) is { } view
            ? ApiResults.Ok(view)
            : ApiResults.NotFound($"A {route!.Distributor!.Profile.DisplayName} connection");
    }

    [Function(nameof(SaveConnection))]
    public async Task<IActionResult> SaveConnection(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "stores/{storeId}/distributors/{distributor}")] HttpRequest request, string storeId, string distributor)
    {
        var (route, badRoute) = StoreRoute.Bind(storeId, distributors, distributor);
        if (badRoute is not null) return badRoute;
        var (input, problem) = await RequestJson.ReadAsync<ConnectionInput>(request, request.HttpContext.RequestAborted);
        if (problem is not null) return problem;
        return await connections.SaveAsync(storeId, route!.Distributor!, input!, request.HttpContext.RequestAborted) switch
        {
            SaveConnectionResult.Saved saved => ApiResults.Json(saved.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK, saved.Connection),
            SaveConnectionResult.Invalid invalid => ApiResults.Invalid(invalid.Errors),
            SaveConnectionResult.Conflict => ApiResults.Error(StatusCodes.Status409Conflict, ErrorCodes.ConcurrentUpdate,
                "The connection was changed by another request at the same time; nothing of this request was saved. Read it and send the change again."),
            _ => throw new InvalidOperationException("Unknown save result."),
        };
    }

    [Function(nameof(DeleteConnection))]
    public async Task<IActionResult> DeleteConnection(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "stores/{storeId}/distributors/{distributor}")] HttpRequest request, string storeId, string distributor)
    {
        var (route, badRoute) = StoreRoute.Bind(storeId, distributors, distributor);
        if (badRoute is not null) return badRoute;
        return await connections.DeleteAsync(storeId, route!.Distributor!, request.HttpContext.RequestAborted)
            ? new NoContentResult()
            : ApiResults.NotFound($"A {route!.Distributor!.Profile.DisplayName} connection");
    }

    [Function(nameof(VerifyConnection))]
    public async Task<IActionResult> VerifyConnection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/distributors/{distributor}/verify")] HttpRequest request, string storeId, string distributor)
    {
        var (route, badRoute) = StoreRoute.Bind(storeId, distributors, distributor);
        if (badRoute is not null) return badRoute;
        var adapter = route!.Distributor!;
        if (await connections.GetAccountAsync(storeId, adapter, request.HttpContext.RequestAborted) is not { } account)
            return ApiResults.NotFound($"A {adapter.Profile.DisplayName} connection");
        var result = await credentials.VerifyAsync(account, adapter, request.HttpContext.RequestAborted);
        return ApiResults.Ok(new { distributor = adapter.Profile.Key, testMode = account.TestMode, outcome = result.Outcome, message = result.Message });
    }

    /// <summary>The go-live probe: read-only calls with the saved credentials, each reported with every field the adapter reads.</summary>
    [Function(nameof(ProbeConnection))]
    public async Task<IActionResult> ProbeConnection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "stores/{storeId}/distributors/{distributor}/probe")] HttpRequest request, string storeId, string distributor)
    {
        var (route, badRoute) = StoreRoute.Bind(storeId, distributors, distributor);
        if (badRoute is not null) return badRoute;
        var (input, problem) = await RequestJson.ReadAsync<ProbeInput>(request, request.HttpContext.RequestAborted);
        if (problem is not null) return problem;
        var adapter = route!.Distributor!;
        return await probe.ProbeAsync(storeId, adapter, input!, request.HttpContext.RequestAborted) switch
        {
            ProbeOutcome.Probed probed => ApiResults.Ok(probed.Report),
            ProbeOutcome.Invalid invalid => ApiResults.Invalid(invalid.Errors),
            ProbeOutcome.NotConnected => ApiResults.NotFound($"A {adapter.Profile.DisplayName} connection"),
            _ => throw new InvalidOperationException("Unknown probe outcome."),
        };
    }
}
