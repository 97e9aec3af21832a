using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.Wps;

/// <summary>
/// WPS Data Depot v4 ordering: cart, add items, submit, look up by PO. Errors are Laravel-style {"message","status_code"}.
/// The submit answer is bare and the lookup wrapped in {"data":...} unless <see cref="ApiVariants"/> says otherwise.
/// </summary>
internal sealed class WpsApi(SandboxScripts scripts, TimeProvider clock, ScriptedDelays delays)
{
    private const decimal UnitPrice = 19.95m;
    private const decimal Freight = 9.95m;

    // Field limits from the WPS Carts page: (field, display name, max length, required).
    private static readonly (Func<WpsCartRequest, string?> Value, string Name, int MaxLength, bool Required)[] CartFields =
    [
        (cart => cart.PoNumber, "po number", 50, true),
        (cart => cart.ShipVia, "ship via", 10, true),
        (cart => cart.ShipName, "ship name", 30, true),
        (cart => cart.ShipAddress1, "ship address1", 30, true),
        (cart => cart.ShipAddress2, "ship address2", 30, false),
        (cart => cart.ShipCity, "ship city", 17, true),
        (cart => cart.ShipState, "ship state", 2, true),
        (cart => cart.ShipZip, "ship zip", 15, true),
        (cart => cart.ShipPhone, "ship phone", 15, false),
        (cart => cart.Email, "email", 50, false),
        (cart => cart.Comment1, "comment1", 50, false),
    ];

    private readonly WpsAccount account = new();

    public void Map(IEndpointRouteBuilder routes, string prefix)
    {
        var wps = routes.MapGroup(prefix);
        wps.MapPost("/carts", CreateCartAsync);
        wps.MapGet("/carts/{poNumber}", GetCart);
        wps.MapPost("/carts/{poNumber}/items", AddItemAsync);
        wps.MapDelete("/carts/{poNumber}", DeleteCart);
        wps.MapPost("/orders", SubmitOrderAsync);
        wps.MapGet("/orders/{poNumber}", LookUpOrder);
    }

    private async Task<IResult> CreateCartAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        var cart = await SandboxJson.ReadAsync<WpsCartRequest>(context.Request, SandboxJson.SnakeCase);
        if (cart is null)
        {
            return Error(422, "The given data was invalid.");
        }

        foreach (var (value, name, maxLength, required) in CartFields)
        {
            var text = value(cart);
            if (required && string.IsNullOrWhiteSpace(text))
            {
                return Error(422, $"The {name} field is required.");
            }

            if (text is not null && text.Length > maxLength)
            {
                return Error(422, $"The {name} may not be greater than {maxLength} characters.");
            }
        }

        var poNumber = cart.PoNumber!;
        var opened = new WpsCart(account.NextCartNumber(), cart);
        if (!account.OpenCarts.TryAdd(poNumber, opened))
        {
            return Error(422, "A cart already exists for this PO number");
        }

        return Data(new WpsCartCreated(opened.CartNumber, poNumber, "DS"));
    }

    private IResult GetCart(HttpContext context, string poNumber)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        return account.OpenCarts.TryGetValue(poNumber, out var cart)
            ? Data(new
            {
                CartNumber = cart.CartNumber,
                PoNumber = poNumber,
                Items = cart.Items.Select(item => new { Item = item.PartNumber, item.Quantity }).ToList(),
            })
            : NotFound();
    }

    private async Task<IResult> AddItemAsync(HttpContext context, string poNumber)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        if (!account.OpenCarts.TryGetValue(poNumber, out var cart))
        {
            return NotFound();
        }

        var item = await SandboxJson.ReadAsync<WpsCartItemRequest>(context.Request, SandboxJson.SnakeCase);
        if (item is null || string.IsNullOrWhiteSpace(item.ItemSku))
        {
            return Error(422, "The item sku field is required.");
        }

        if (item.Quantity < 1)
        {
            return Error(422, "The quantity must be at least 1.");
        }

        if (scripts.Find(item.ItemSku)?.Order == OrderBehavior.RejectInvalidPart)
        {
            return Error(404, $"Item {item.ItemSku} was not found.");
        }

        cart.Add(new OrderLine(item.ItemSku, item.Quantity));
        return Data(new WpsCartItemAdded("added", item.ItemSku, item.Quantity));
    }

    private IResult DeleteCart(HttpContext context, string poNumber)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        return account.OpenCarts.TryRemove(poNumber, out _) ? Results.NoContent() : NotFound();
    }

    private async Task<IResult> SubmitOrderAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        var request = await SandboxJson.ReadAsync<WpsOrderRequest>(context.Request, SandboxJson.SnakeCase);
        if (request is null || string.IsNullOrWhiteSpace(request.PoNumber))
        {
            return Error(422, "The po number field is required.");
        }

        var poNumber = request.PoNumber;
        if (!account.OpenCarts.TryGetValue(poNumber, out var cart))
        {
            return NotFound();
        }

        var items = cart.Items;
        if (items.Count == 0)
        {
            return Error(422, "The cart has no items.");
        }

        var script = scripts.Governing(items.Select(item => item.PartNumber));
        switch (script.Order)
        {
            case OrderBehavior.Unauthorized:
                return Error(401, "Unauthenticated.");
            case OrderBehavior.RejectInvalidPart:
                var rejected = items.First(item => scripts.Find(item.PartNumber)?.Order == OrderBehavior.RejectInvalidPart);
                return Error(404, $"Item {rejected.PartNumber} was not found.");
            case OrderBehavior.PaymentProblem:
                return Error(422, "Order could not be placed: the account is on credit hold.");
            case OrderBehavior.ServerError:
                return Error(500, "Server Error");
            case OrderBehavior.Slow:
                if (!await delays.HoldAsync(script.Delay, cancellationToken))
                {
                    return Results.Empty; // the caller hung up first: nothing is ordered, the cart stays open
                }

                break;
            case OrderBehavior.Accept:
            case OrderBehavior.DuplicatePo: // "Reusing a PO is allowed but it is not ideal" (WPS Order Processing Overview): WPS accepts.
            default:
                break;
        }

        // Submitting closes the cart; losing this race means another submit of the same cart already won.
        if (!account.OpenCarts.TryRemove(new KeyValuePair<string, WpsCart>(poNumber, cart)))
        {
            return NotFound();
        }

        var order = new ScriptedOrder(poNumber, account.NextOrderNumber(), items, script, clock.GetUtcNow());
        var secondOrderNumber = script.Packages >= 3 ? account.NextOrderNumber() : "";
        var warehouse = string.IsNullOrWhiteSpace(cart.Address.DefaultWarehouse) ? "ID" : cart.Address.DefaultWarehouse.ToUpperInvariant();
        var secondWarehouse = warehouse == "PA" ? "IN" : "PA";
        account.PurchaseOrders.GetOrAdd(poNumber, _ => new WpsPurchaseOrder(cart.Address))
            .Add(new WpsSubmittedOrder(order, secondOrderNumber, warehouse, secondWarehouse, account.NextInvoiceNumber()));
        if (!await delays.AfterPlacingAsync(script, context, cancellationToken))
        {
            return Results.Empty;
        }

        var submitted = new WpsOrderSubmitted(order.OrderNumber, poNumber, "submitted");
        return scripts.Variants.WpsSubmitInData ? Data(submitted) : SandboxJson.Json(submitted, SandboxJson.SnakeCase);
    }

    private IResult LookUpOrder(HttpContext context, string poNumber)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        if (!account.PurchaseOrders.TryGetValue(poNumber, out var purchaseOrder))
        {
            return NotFound();
        }

        var checks = purchaseOrder.Orders.Select(submitted => (Submitted: submitted, Check: submitted.Order.Check())).ToList();
        var limited = checks.Where(pair => pair.Check.RateLimited).Select(pair => pair.Check).ToList();
        if (limited.Count > 0)
        {
            SandboxJson.AddRetryAfter(context.Response, limited.Max(check => check.RetryAfter));
            return Error(429, "Too Many Attempts.");
        }

        var address = purchaseOrder.Address;
        var view = new WpsPurchaseOrderView(
            poNumber,
            address.ShipName ?? "",
            string.Join(" ", new[] { address.ShipAddress1, address.ShipAddress2 }.Where(line => !string.IsNullOrWhiteSpace(line))),
            address.ShipCity ?? "",
            address.ShipState ?? "",
            address.ShipZip ?? "",
            checks.SelectMany(pair => OrderDetails(pair.Submitted, pair.Check)).ToList());
        return scripts.Variants.WpsLookupInData ? Data(view) : SandboxJson.Json(view, SandboxJson.SnakeCase);
    }

    /// <summary>
    /// Up to 2 packages: one WPS order whose tracking_numbers lists them all. 3 or more: two WPS orders from two warehouses,
    /// the packages (and their units) split between them, as real split shipments look.
    /// </summary>
    private static IEnumerable<WpsOrderDetail> OrderDetails(WpsSubmittedOrder submitted, StatusCheck check)
    {
        var order = submitted.Order;
        if (check.Packages.Count <= 2)
        {
            yield return Detail(order.OrderNumber, submitted.Warehouse, submitted.InvoiceNumber, check.Packages, order.Lines);
            yield break;
        }

        var split = check.Packages.Count / 2;
        var first = check.Packages.Take(split).ToList();
        var second = check.Packages.Skip(split).ToList();
        yield return Detail(order.OrderNumber, submitted.Warehouse, submitted.InvoiceNumber, first, UnitsIn(first));
        yield return Detail(submitted.SecondOrderNumber, submitted.SecondWarehouse, submitted.InvoiceNumber + 1, second, UnitsIn(second));

        // order_status values are not documented; these are ones a public WPS storefront maps (Processing, Shipped).
        // Items are what public clients read: sku, order_quantity, ship_quantity (units in this order's shipped packages).
        WpsOrderDetail Detail(string orderNumber, string warehouse, int invoiceNumber, IReadOnlyList<Package> packages, IReadOnlyList<OrderLine> lines)
        {
            var shipped = packages.Where(package => package.Index <= check.ShippedCount).ToList();
            var status = StatusCheck.StatusOf(packages, shipped.Count);
            var shipDate = status == FulfilmentStatus.Open ? null : SandboxJson.IsoDate(order.ShipDate);
            return new WpsOrderDetail(
                orderNumber,
                status == FulfilmentStatus.Shipped ? "Shipped" : "Processing",
                status == FulfilmentStatus.Open ? 0 : invoiceNumber,
                Freight,
                0m,
                lines.Sum(line => line.Quantity) * UnitPrice + Freight,
                warehouse,
                SandboxJson.IsoDate(order.PlacedAt),
                shipDate,
                shipDate,
                ShipVia(order.Script.Carrier),
                shipped.Select(package => package.TrackingNumber).ToList(),
                lines.Select(line => new WpsOrderItem(
                    line.PartNumber,
                    line.Quantity,
                    ShippedUnits(shipped, line.PartNumber),
                    line.Quantity - ShippedUnits(shipped, line.PartNumber),
                    UnitPrice)).ToList());
        }
    }

    private static int ShippedUnits(IEnumerable<Package> packages, string partNumber) =>
        packages.SelectMany(package => package.Lines)
            .Where(line => string.Equals(line.PartNumber, partNumber, StringComparison.OrdinalIgnoreCase))
            .Sum(line => line.Quantity);

    private static List<OrderLine> UnitsIn(IEnumerable<Package> packages) =>
        packages.SelectMany(package => package.Lines)
            .GroupBy(line => line.PartNumber, StringComparer.OrdinalIgnoreCase)
            .Select(group => new OrderLine(group.Key, group.Sum(line => line.Quantity)))
            .ToList();

    /// <summary>WPS has no carrier field; clients derive the carrier from the ship_via code (the Orders page lists them).</summary>
    private static string ShipVia(string carrier) => Carriers.Canonical(carrier) switch
    {
        Carriers.FedEx => "FE2D",
        Carriers.Usps => "US1C",
        Carriers.OnTrac => "CO5",
        _ => "UP2D",
    };

    private static IResult? Unauthenticated(HttpContext context) =>
        Credentials.AreInvalid(Credentials.BearerToken(context.Request)) ? Error(401, "Unauthenticated.") : null;

    private static IResult NotFound() => Error(404, "Not found");

    private static IResult Error(int statusCode, string message) =>
        SandboxJson.Json(new WpsError(message, statusCode), SandboxJson.SnakeCase, statusCode);

    private static IResult Data<T>(T data) => SandboxJson.Json(new WpsData<T>(data), SandboxJson.SnakeCase);
}
