using System.Globalization;
using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.Tucker;

/// <summary>
/// TRWS stock (type=INV) and stock with price (type=INP) for one or more items (repeated item= or a comma list):
/// {"INV":{"status","errormsg","item":[{"item","inventory","dc":[{"dcname","dcinv"}]}]}}, INP adding "price" per item.
/// Figures are capped at 9 ("a 9 means 9 or more"). An unlisted item answers with its own errormsg. Throttled: HTTP 429 with
/// a TRWS error body, as SHP does. Sources: README.md.
/// </summary>
internal sealed class TuckerInventoryApi(SandboxScripts scripts, ScriptedDelays delays)
{
    public const int Cap = 9;

    public async Task<IResult> AnswerAsync(HttpContext context, string type, CancellationToken cancellationToken)
    {
        var items = context.Request.Query["item"]
            .SelectMany(item => (item ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (items.Count == 0)
        {
            return Answer(type, new TuckerStatus("ERROR", "Missing item"));
        }

        var request = StockRequest.For(scripts, items, ignoreDashes: true);
        await request.StallAsync(delays, cancellationToken);
        switch (request.Governing?.StockAnswer)
        {
            case StockBehavior.RateLimited:
                SandboxJson.AddRetryAfter(context.Response, request.Governing.RetryAfter);
                return Answer(type, new TuckerStatus("ERROR", "Too many requests"), StatusCodes.Status429TooManyRequests);
            case StockBehavior.ServerError:
                return Results.Text("Internal Server Error", "text/plain", statusCode: StatusCodes.Status500InternalServerError);
        }

        var withPrice = type == "INP";
        var lines = request.Parts.Select(p => p.Script.StockAnswer == StockBehavior.NotListed
                ? new TuckerItemStock(p.Part, 0, withPrice ? 0m : null, [], "Invalid item number")
                : new TuckerItemStock(p.Part, Math.Min(Cap, p.Script.Stock), withPrice ? p.Script.DealerPrice : null,
                    [new TuckerDcStock("Fort Worth", Math.Min(Cap, p.Script.Stock))], ""))
            .ToList();
        return Answer(type, new TuckerStock("SUCCESSFUL", "", lines));
    }

    private static IResult Answer(string type, object body, int statusCode = StatusCodes.Status200OK) =>
        SandboxJson.Json(new Dictionary<string, object> { [type] = body }, SandboxJson.LowerCase, statusCode);
}

internal sealed record TuckerStock(string Status, string Errormsg, IReadOnlyList<TuckerItemStock> Item);

/// <param name="Price">INP only.</param>
internal sealed record TuckerItemStock(string Item, int Inventory, decimal? Price, IReadOnlyList<TuckerDcStock> Dc, string Errormsg);

internal sealed record TuckerDcStock(string Dcname, int Dcinv);
