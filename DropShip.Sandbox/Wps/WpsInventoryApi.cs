using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.Wps;

/// <summary>
/// WPS Data Depot v4 items with their inventory: GET /wps/items?filter[sku]=X&amp;include=inventory. Each item carries
/// standard_dealer_price, drop_ship_fee, drop_ship_eligible, status and, when asked for, inventory.data with one *_warehouse
/// figure per warehouse and a total. A warehouse never shows more than 9 (the cap of WPS's Inventory page). An unknown SKU is
/// an empty data list. Shapes and sources: README.md.
/// </summary>
internal sealed class WpsInventoryApi(SandboxScripts scripts, ScriptedDelays delays)
{
    /// <summary>"if we have 9 or more of a particular item, we will just show 9" (WPS Inventory page).</summary>
    public const int WarehouseCap = 9;

    public void Map(IEndpointRouteBuilder routes, string prefix) => routes.MapGet(prefix + "/items", ItemsAsync);

    private async Task<IResult> ItemsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Credentials.AreInvalid(Credentials.BearerToken(context.Request)))
        {
            return Error(401, "Unauthenticated.");
        }

        var sku = context.Request.Query["filter[sku]"].ToString().Trim();
        if (sku.Length == 0)
        {
            return Error(422, "The sandbox serves items by filter[sku] only.");
        }

        var request = StockRequest.For(scripts, [sku]);
        await request.StallAsync(delays, cancellationToken);
        switch (request.Governing?.StockAnswer)
        {
            case StockBehavior.RateLimited:
                SandboxJson.AddRetryAfter(context.Response, request.Governing.RetryAfter);
                return Error(429, "Too Many Attempts.");
            case StockBehavior.ServerError:
                return Error(500, "Server Error");
        }

        var withInventory = context.Request.Query["include"].ToString().Split(',', StringSplitOptions.TrimEntries).Contains("inventory", StringComparer.OrdinalIgnoreCase);
        var items = request.Parts.Where(p => p.Script.StockAnswer != StockBehavior.NotListed)
            .Select(p => Item(p.Part, p.Script, withInventory))
            .ToList();
        if (request.Parts.Any(p => p.Script.StockAnswer == StockBehavior.AnswerAsJsonApi))
        {
            return SandboxJson.Json(new WpsJsonApiPage(
                items.Select(i => new WpsJsonApiEntity<WpsItem>(i.Id, "items", i with { Inventory = null })).ToList(),
                items.Where(i => i.Inventory is not null).Select(i => new WpsJsonApiEntity<WpsItemInventory>(i.Inventory!.Data.Id, "inventory", i.Inventory.Data)).ToList()),
                SandboxJson.SnakeCase);
        }

        return SandboxJson.Json(new WpsItemPage(items, new WpsMeta(new WpsCursor(null, null, null, items.Count))), SandboxJson.SnakeCase);
    }

    /// <summary>All units sit in Boise (ID) and Fresno (CA), split in two, each figure capped at 9.</summary>
    private static WpsItem Item(string sku, PartScript script, bool withInventory)
    {
        var id = 100_000 + (int)((uint)StringComparer.OrdinalIgnoreCase.GetHashCode(sku) % 800_000);
        var boise = Math.Min(WarehouseCap, (script.Stock + 1) / 2);
        var fresno = Math.Min(WarehouseCap, script.Stock / 2);
        return new WpsItem(
            id,
            sku,
            $"Sandbox item {sku}",
            Money(script.DealerPrice * 2),
            Money(script.DealerPrice),
            Money(script.DropShipFee),
            DropShipEligible: true,
            Status: "STK",
            withInventory ? new WpsData<WpsItemInventory>(new WpsItemInventory(id + 1_000_000, id, sku, fresno, 0, boise, 0, 0, 0, 0, boise + fresno)) : null);
    }

    /// <summary>WPS writes prices as text with two decimals.</summary>
    private static string Money(decimal value) => value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static IResult Error(int statusCode, string message) =>
        SandboxJson.Json(new WpsError(message, statusCode), SandboxJson.SnakeCase, statusCode);
}

internal sealed record WpsItemPage(IReadOnlyList<WpsItem> Data, WpsMeta Meta);

internal sealed record WpsJsonApiPage(IReadOnlyList<WpsJsonApiEntity<WpsItem>> Data, IReadOnlyList<WpsJsonApiEntity<WpsItemInventory>> Included);

internal sealed record WpsJsonApiEntity<T>(int Id, string Type, T Attributes);

internal sealed record WpsMeta(WpsCursor Cursor);

internal sealed record WpsCursor(string? Current, string? Prev, string? Next, int Count);

internal sealed record WpsItem(
    int Id,
    string Sku,
    string Name,
    string ListPrice,
    string StandardDealerPrice,
    string DropShipFee,
    bool DropShipEligible,
    string Status,
    WpsData<WpsItemInventory>? Inventory);

internal sealed record WpsItemInventory(
    int Id,
    int ItemId,
    string Sku,
    int CaWarehouse,
    int GaWarehouse,
    int IdWarehouse,
    int InWarehouse,
    int PaWarehouse,
    int Pa2Warehouse,
    int TxWarehouse,
    int Total);
