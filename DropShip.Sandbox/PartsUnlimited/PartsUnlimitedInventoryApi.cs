using System.Globalization;
using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.PartsUnlimited;

/// <summary>
/// Parts Unlimited live stock and dealer pricing for a comma-separated batch of part numbers:
/// GET {prefix}/v1/parts/inventory/{parts} answers {"availability":[{"partNumber","warehouses":[{"warehouse","quantity"}]}]}
/// (quantities as text, as a public client's sample shows them) and GET {prefix}/v1/parts/pricing/{parts} answers
/// {"pricing":[{"partNumber","found","basePrice","dealerPrice","retailPrice"}]}. An unlisted part has no availability entry
/// and found=false. Larger batches than public clients send (25 inventory, 500 pricing) are refused. Sources: README.md.
/// </summary>
internal sealed class PartsUnlimitedInventoryApi(SandboxScripts scripts, ScriptedDelays delays)
{
    public const int InventoryBatch = 25;
    public const int PricingBatch = 500;

    public void Map(IEndpointRouteBuilder routes, string prefix)
    {
        var api = routes.MapGroup(prefix);
        api.MapGet("/v1/parts/inventory/{parts}", (HttpContext context, string parts, CancellationToken cancellationToken) =>
            AnswerAsync(context, parts, InventoryBatch, Inventory, cancellationToken));
        api.MapGet("/v1/parts/pricing/{parts}", (HttpContext context, string parts, CancellationToken cancellationToken) =>
            AnswerAsync(context, parts, PricingBatch, Pricing, cancellationToken));
    }

    private async Task<IResult> AnswerAsync(HttpContext context, string parts, int batch, Func<StockRequest, object> answer, CancellationToken cancellationToken)
    {
        if (Credentials.AreInvalid(context.Request.Headers["api-key"].ToString()))
        {
            return SandboxJson.Json(new PuStatus(401, "Invalid API key"), SandboxJson.SnakeCase, StatusCodes.Status401Unauthorized);
        }

        var asked = parts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (asked.Length == 0 || asked.Length > batch)
        {
            return SandboxJson.Json(new PuStatus(400, $"Send 1 to {batch} part numbers"), SandboxJson.SnakeCase, StatusCodes.Status400BadRequest);
        }

        var request = StockRequest.For(scripts, asked);
        await request.StallAsync(delays, cancellationToken);
        switch (request.Governing?.StockAnswer)
        {
            case StockBehavior.RateLimited:
                SandboxJson.AddRetryAfter(context.Response, request.Governing.RetryAfter);
                return SandboxJson.Json(new PuStatus(429, "Too many requests"), SandboxJson.SnakeCase, StatusCodes.Status429TooManyRequests);
            case StockBehavior.ServerError:
                return SandboxJson.Json(new PuStatus(500, "Internal error"), SandboxJson.SnakeCase, StatusCodes.Status500InternalServerError);
        }

        return SandboxJson.Json(answer(request), SandboxJson.CamelCase);
    }

    /// <summary>Units split between Wisconsin and Nevada; figures exact (no cap has been seen in the live answer).</summary>
    private static PuLiveAvailability Inventory(StockRequest request) => new(
        request.Parts.Where(p => p.Script.StockAnswer != StockBehavior.NotListed)
            .Select(p => new PuLivePart(p.Part, [new PuLiveWarehouse("WI", Text((p.Script.Stock + 1) / 2)), new PuLiveWarehouse("NV", Text(p.Script.Stock / 2))]))
            .ToList());

    private static PuLivePricing Pricing(StockRequest request) => new(
        request.Parts.Select(p => p.Script.StockAnswer == StockBehavior.NotListed
                ? new PuLivePrice(p.Part, false, null, null, null)
                : new PuLivePrice(p.Part, true, p.Script.DealerPrice * 1.25m, p.Script.DealerPrice, p.Script.DealerPrice * 2))
            .ToList());

    private static string Text(int quantity) => quantity.ToString(CultureInfo.InvariantCulture);
}

// camelCase, unlike PU's order API: the shapes public clients read from these two endpoints.

internal sealed record PuLiveAvailability(IReadOnlyList<PuLivePart> Availability);

internal sealed record PuLivePart(string PartNumber, IReadOnlyList<PuLiveWarehouse> Warehouses);

internal sealed record PuLiveWarehouse(string Warehouse, string Quantity);

internal sealed record PuLivePricing(IReadOnlyList<PuLivePrice> Pricing);

internal sealed record PuLivePrice(string PartNumber, bool Found, decimal? BasePrice, decimal? DealerPrice, decimal? RetailPrice);
