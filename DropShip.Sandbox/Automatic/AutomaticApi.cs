using System.Collections.Concurrent;
using System.Globalization;
using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.Automatic;

/// <summary>
/// Automatic Distributors for one environment. Its public docs are thin: the routes, auth header and error bodies here are the
/// sandbox's assumptions (see README), kept to the few facts the v2 change list records.
/// </summary>
internal sealed class AutomaticApi(SandboxScripts scripts, TimeProvider clock, ScriptedDelays delays)
{
    private const int MaxPurchaseOrderLength = 22;

    private readonly ConcurrentDictionary<string, (AutomaticAddress Address, ScriptedOrder Order)> orders = new(StringComparer.OrdinalIgnoreCase);
    private int lastOrderNumber = 123455;

    public void Map(IEndpointRouteBuilder routes, string prefix)
    {
        var api = routes.MapGroup(prefix);
        api.MapPost("/order/create", CreateAsync);
        api.MapGet("/order/lookup", LookUp);
        api.MapGet("/account", Account);
    }

    private async Task<IResult> CreateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        var request = await SandboxJson.ReadAsync<AutomaticOrderRequest>(context.Request, SandboxJson.CamelCase);
        if (request is null)
        {
            return Error(400, "validation", "Request body is not valid JSON");
        }

        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var purchaseOrder = request.Header!.Ponumber!;
        var lines = request.Lines!.Select(line => new OrderLine(line.PartNumber!.Trim(), line.Quantity)).ToList();
        var script = scripts.Governing(lines.Select(line => line.PartNumber));
        switch (script.Order)
        {
            case OrderBehavior.Unauthorized:
                return InvalidToken();
            case OrderBehavior.RejectInvalidPart:
                var rejected = lines.First(line => scripts.Find(line.PartNumber)?.Order == OrderBehavior.RejectInvalidPart);
                return Error(400, "invalid_part", $"Part {rejected.PartNumber} not found");
            case OrderBehavior.PaymentProblem:
                return Error(402, "account_hold", "Account on hold");
            case OrderBehavior.DuplicatePo:
                return DuplicatePo();
            case OrderBehavior.ServerError:
                return Error(500, "server_error", "Internal server error");
            case OrderBehavior.Slow:
                if (!await delays.HoldAsync(script.Delay, cancellationToken))
                {
                    return Results.Empty; // the caller hung up first: nothing is ordered
                }

                break;
            case OrderBehavior.Accept:
            default:
                break;
        }

        var orderNumber = $"A{Interlocked.Increment(ref lastOrderNumber)}";
        var address = request.ShipToAddress! with { Classification = request.ShipToAddress!.Classification ?? "residential" };
        if (!orders.TryAdd(purchaseOrder, (address, new ScriptedOrder(purchaseOrder, orderNumber, lines, script, clock.GetUtcNow()))))
        {
            return DuplicatePo();
        }

        if (!await delays.AfterPlacingAsync(script, context, cancellationToken))
        {
            return Results.Empty;
        }

        return SandboxJson.Json(new AutomaticOrderCreated(new AutomaticCreatedHeader(purchaseOrder, orderNumber, "01", null)), SandboxJson.CamelCase);
    }

    private static IResult? Invalid(AutomaticOrderRequest request)
    {
        var purchaseOrder = request.Header?.Ponumber;
        if (string.IsNullOrEmpty(purchaseOrder))
        {
            return Error(400, "validation", "header.ponumber is required");
        }

        // "PO numbers: printable ASCII only, max 22 chars" (v2 change list).
        if (purchaseOrder.Any(character => character is < ' ' or > '~'))
        {
            return Error(400, "validation", "PO number must contain printable ASCII characters only");
        }

        if (purchaseOrder.Length > MaxPurchaseOrderLength)
        {
            return Error(400, "validation", $"PO number may not exceed {MaxPurchaseOrderLength} characters");
        }

        var address = request.ShipToAddress;
        if (address is null || string.IsNullOrWhiteSpace(address.Name) || string.IsNullOrWhiteSpace(address.Address1)
            || string.IsNullOrWhiteSpace(address.City) || string.IsNullOrWhiteSpace(address.State) || string.IsNullOrWhiteSpace(address.Zip))
        {
            return Error(400, "validation", "shipToAddress requires name, address1, city, state and zip");
        }

        if (request.Lines is not { Count: > 0 })
        {
            return Error(400, "validation", "At least one line is required");
        }

        return request.Lines.Any(line => string.IsNullOrWhiteSpace(line.PartNumber) || line.Quantity < 1)
            ? Error(400, "validation", "Every line needs a partNumber and a quantity of at least 1")
            : null;
    }

    private IResult LookUp(HttpContext context)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        var purchaseOrder = context.Request.Query["ponumber"].ToString();
        if (!orders.TryGetValue(purchaseOrder, out var placed))
        {
            return Error(404, "not_found", $"No order for PO {purchaseOrder}");
        }

        var (address, order) = placed;
        var check = order.Check();
        if (check.RateLimited)
        {
            SandboxJson.AddRetryAfter(context.Response, check.RetryAfter);
            return Error(429, "rate_limited", "Too many requests");
        }

        var shipDate = SandboxJson.IsoDate(order.ShipDate);
        var view =
            new AutomaticOrderView(
                new AutomaticOrderHeader(
                    order.PurchaseOrder,
                    order.OrderNumber,
                    "01",
                    check.Status == FulfilmentStatus.Open ? null : order.ShipDate.ToString("MM/dd/yy", CultureInfo.InvariantCulture),
                    check.Status.ToString().ToUpperInvariant()),
                address,
                order.Lines.Select(line => new AutomaticOrderLineView(line.PartNumber, line.Quantity, check.ShippedQuantity(line.PartNumber))).ToList(),
                check.Shipped.Select(package => new AutomaticShipmentView(
                    package.TrackingNumber,
                    null,
                    package.Carrier,
                    shipDate,
                    package.Lines.Select(line => new AutomaticShipmentLine(line.PartNumber, line.Quantity)).ToList())).ToList());
        // Drift: a status no one documented.
        return scripts.Variants.IsDrifted("automatic")
            ? SandboxJson.Drifted(view, SandboxJson.CamelCase, answer => answer["header"]!["status"] = "HELD_FOR_REVIEW")
            : SandboxJson.Json(view, SandboxJson.CamelCase);
    }

    private static IResult Account(HttpContext context) =>
        Unauthenticated(context) ?? SandboxJson.Json(new AutomaticAccount("100200", "active"), SandboxJson.CamelCase);

    private static IResult? Unauthenticated(HttpContext context) =>
        Credentials.AreInvalid(Credentials.BearerToken(context.Request)) ? InvalidToken() : null;

    private static IResult InvalidToken() => Error(401, "invalid_token", "Invalid API token");

    private static IResult DuplicatePo() => Error(409, "duplicate_po", "PO number already used");

    private static IResult Error(int statusCode, string error, string message) =>
        SandboxJson.Json(new AutomaticError(error, message), SandboxJson.CamelCase, statusCode);
}
