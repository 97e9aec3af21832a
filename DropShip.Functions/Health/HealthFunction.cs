using DropShip.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Health;

/// <summary>
/// For load balancers, uptime checks and operators: 200 while the app can serve (naming anything degraded), 503 when
/// storage is unreachable. No key, no store data, no secrets.
/// </summary>
public sealed class HealthFunction(AppHealth health)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        var report = await health.CheckAsync(request.HttpContext.RequestAborted);
        return ApiResults.Json(report.CanServe() ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, report);
    }
}
