using Azure;
using Azure.Data.Tables;
using DropShip.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Health;

/// <summary>Liveness plus storage reachability, for load balancers and uptime checks. No key, no data.</summary>
public sealed class HealthFunction(TableServiceClient tables)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1)) break;
            return ApiResults.Ok(new { status = "healthy", storage = "reachable" });
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            return ApiResults.Json(StatusCodes.Status503ServiceUnavailable, new { status = "unhealthy", storage = "unreachable" });
        }
    }
}
