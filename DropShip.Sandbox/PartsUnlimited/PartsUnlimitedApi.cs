using System.Collections.Concurrent;
using System.Globalization;
using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.PartsUnlimited;

/// <summary>
/// Parts Unlimited / LeMans drop-ship API for one environment (production or staging, each with its own orders).
/// Order failures come back as HTTP 200 with a non-200 status_code in the body; only a bad api-key (401), a server error (500)
/// and rate limiting (429) change the HTTP status.
/// </summary>
internal sealed class PartsUnlimitedApi(SandboxScripts scripts, TimeProvider clock)
{
    private const int PageSize = 50;
    private const int MaxPurchaseOrderLength = 20;
    private const decimal DefaultUnitPrice = 19.95m;

    /// <summary>Keyed by dealer and PO: a PO can be used once per dealer.</summary>
    private readonly ConcurrentDictionary<(string Dealer, string PurchaseOrder), PlacedOrder> _orders = new(new DealerPurchaseOrderComparer());
    private long _lastReference = 40_000_000;

    private sealed record PlacedOrder(string Dealer, string ReferenceNumber, ScriptedOrder Order);

    public void Map(IEndpointRouteBuilder routes, string prefix)
    {
        var api = routes.MapGroup(prefix);
        // The v2 paths are accepted as aliases: clients in the wild use both [CODE S13,S14].
        foreach (var path in new[] { "/orders/dropship", "/v2/orders/dropship" })
        {
            api.MapPost(path, PlaceOrderAsync);
            api.MapGet(path, LookUpOrders);
        }

    }

    private async Task<IResult> PlaceOrderAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        var request = await SandboxJson.ReadAsync<PuDropshipRequest>(context.Request, SandboxJson.SnakeCase);
        if (request is null)
        {
            return Status(400, "Invalid request body");
        }

        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var dealer = request.DealerNumber!.Trim();
        if (Credentials.AreInvalid(dealer))
        {
            return InvalidApiKey();
        }

        var purchaseOrder = request.PurchaseOrderNumber!.Trim();
        var lines = request.LineItems!;
        var script = scripts.Governing(lines.Select(line => line.PartNumber!));
        switch (script.Order)
        {
            case OrderBehavior.Unauthorized:
                return InvalidApiKey();
            case OrderBehavior.RejectInvalidPart:
                var rejected = lines.First(line => scripts.Find(line.PartNumber!)?.Order == OrderBehavior.RejectInvalidPart);
                return Status(400, $"Invalid part number {rejected.PartNumber}");
            case OrderBehavior.PaymentProblem:
                return Status(402, "Dealer account is on credit hold");
            case OrderBehavior.DuplicatePo:
                return Status(409, "Duplicate purchase order number");
            case OrderBehavior.ServerError:
                return SandboxJson.Json(new PuStatus(500, "Internal error"), SandboxJson.SnakeCase, StatusCodes.Status500InternalServerError);
            case OrderBehavior.Slow:
                await Task.Delay(script.Delay, cancellationToken);
                break;
            case OrderBehavior.Accept:
            default:
                break;
        }

        var referenceNumber = $"PU{Interlocked.Increment(ref _lastReference)}";
        var orderLines = lines.Select(line => new OrderLine(line.PartNumber!.Trim(), line.Quantity)).ToList();
        var placed = new PlacedOrder(dealer, referenceNumber, new ScriptedOrder(purchaseOrder, referenceNumber, orderLines, script, clock.GetUtcNow()));
        if (!_orders.TryAdd((dealer, purchaseOrder), placed))
        {
            return Status(409, "Duplicate purchase order number");
        }

        if (script.Order == OrderBehavior.PlaceThenStall)
        {
            await SandboxDelay.StallAsync(script.Delay, cancellationToken);
        }

        return SandboxJson.Json(
            new PuOrderAccepted(
                200,
                "Order accepted",
                referenceNumber,
                lines.Sum(line => line.Quantity * (line.Price > 0 ? line.Price : DefaultUnitPrice)),
                lines.Select(line => new PuAcceptedLine(line.PartNumber!, new PuOrderedQuantity(line.Quantity))).ToList()),
            SandboxJson.SnakeCase);
    }

    private static IResult? Invalid(PuDropshipRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.DealerNumber))
        {
            return Status(400, "dealer_number is required");
        }

        if (string.IsNullOrWhiteSpace(request.PurchaseOrderNumber))
        {
            return Status(400, "purchase_order_number is required");
        }

        if (request.PurchaseOrderNumber.Trim().Length > MaxPurchaseOrderLength)
        {
            return Status(400, $"Purchase order number may not exceed {MaxPurchaseOrderLength} characters");
        }

        if (request.OrderType is { } orderType && !string.Equals(orderType, "DS", StringComparison.OrdinalIgnoreCase))
        {
            return Status(400, "order_type must be DS");
        }

        var address = request.ShipToAddress;
        if (address is null || string.IsNullOrWhiteSpace(address.Name) || string.IsNullOrWhiteSpace(address.AddressLine1)
            || string.IsNullOrWhiteSpace(address.City) || string.IsNullOrWhiteSpace(address.State) || string.IsNullOrWhiteSpace(address.PostalCode))
        {
            return Status(400, "ship_to_address requires name, address_line_1, city, state and postal_code");
        }

        if (request.LineItems is not { Count: > 0 })
        {
            return Status(400, "At least one line item is required");
        }

        foreach (var (line, position) in request.LineItems.Select((line, index) => (line, index + 1)))
        {
            if (string.IsNullOrWhiteSpace(line.PartNumber))
            {
                return Status(400, $"part_number is required on line {position}");
            }

            if (line.Quantity < 1)
            {
                return Status(400, $"Quantity must be at least 1 on line {position}");
            }
        }

        return null;
    }

    /// <summary>
    /// With purchase_order_number: the lookup adapters use, which counts as a status check (and can be rate limited).
    /// Without it: a date-range listing (date_start/date_end, page_num, 50 per page) that shows current state without counting checks.
    /// </summary>
    private IResult LookUpOrders(HttpContext context)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        var query = context.Request.Query;
        var purchaseOrder = query["purchase_order_number"].ToString().Trim();
        var dealer = query["dealer_number"].ToString().Trim();
        if (dealer.Length > 0 && Credentials.AreInvalid(dealer))
        {
            return InvalidApiKey();
        }

        var matching = _orders.Values
            .Where(placed => dealer.Length == 0 || string.Equals(placed.Dealer, dealer, StringComparison.OrdinalIgnoreCase))
            .OrderBy(placed => placed.Order.PlacedAt)
            .ThenBy(placed => placed.ReferenceNumber, StringComparer.Ordinal)
            .ToList();

        if (purchaseOrder.Length > 0)
        {
            var checks = matching
                .Where(placed => string.Equals(placed.Order.PurchaseOrder, purchaseOrder, StringComparison.OrdinalIgnoreCase))
                .Select(placed => (Placed: placed, Check: placed.Order.Check()))
                .ToList();
            var limited = checks.Where(pair => pair.Check.RateLimited).ToList();
            if (limited.Count > 0)
            {
                SandboxJson.AddRetryAfter(context.Response, limited.Max(pair => pair.Check.RetryAfter));
                return SandboxJson.Json(new PuStatus(429, "Too many requests"), SandboxJson.SnakeCase, StatusCodes.Status429TooManyRequests);
            }

            return SandboxJson.Json(new PuOrdersPage(200, checks.Select(pair => View(pair.Placed, pair.Check)).ToList(), 1, 1), SandboxJson.SnakeCase);
        }

        if (!TryParseDate(query["date_start"], out var start) || !TryParseDate(query["date_end"], out var end))
        {
            return Status(400, "date_start and date_end must be YYYY-MM-DD");
        }

        var page = int.TryParse(query["page_num"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pageNumber) && pageNumber > 0 ? pageNumber : 1;
        var inRange = matching
            .Where(placed => DateOnly.FromDateTime(placed.Order.PlacedAt.UtcDateTime) is var day
                && (start is null || day >= start) && (end is null || day <= end))
            .ToList();
        var totalPages = Math.Max(1, (inRange.Count + PageSize - 1) / PageSize);
        var orders = inRange.Skip((page - 1) * PageSize).Take(PageSize).Select(placed => View(placed, placed.Order.Peek())).ToList();
        return SandboxJson.Json(new PuOrdersPage(200, orders, page, totalPages), SandboxJson.SnakeCase);
    }

    private static PuOrderView View(PlacedOrder placed, StatusCheck check)
    {
        var order = placed.Order;
        return new PuOrderView(
            order.PurchaseOrder,
            placed.ReferenceNumber,
            check.Status.ToString().ToUpperInvariant(),
            SandboxJson.IsoDate(order.PlacedAt),
            order.Lines.Select(line => new PuOrderLineView(line.PartNumber, line.Quantity, check.ShippedQuantity(line.PartNumber))).ToList(),
            check.Shipped.Select(package => new PuShipmentView(
                package.TrackingNumber,
                package.Carrier.ToUpperInvariant(),
                SandboxJson.IsoDate(order.ShipDate),
                package.Lines.Select(line => new PuShipmentLine(line.PartNumber, line.Quantity)).ToList())).ToList());
    }

    private static bool TryParseDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }

    private static IResult? Unauthenticated(HttpContext context) =>
        Credentials.AreInvalid(context.Request.Headers["api-key"].ToString()) ? InvalidApiKey() : null;

    private static IResult InvalidApiKey() =>
        SandboxJson.Json(new PuStatus(401, "Invalid API key"), SandboxJson.SnakeCase, StatusCodes.Status401Unauthorized);

    /// <summary>An outcome carried in the body with HTTP 200, as Parts Unlimited reports order failures.</summary>
    private static IResult Status(int bodyStatusCode, string message) =>
        SandboxJson.Json(new PuStatus(bodyStatusCode, message), SandboxJson.SnakeCase);

    private sealed class DealerPurchaseOrderComparer : IEqualityComparer<(string Dealer, string PurchaseOrder)>
    {
        public bool Equals((string Dealer, string PurchaseOrder) x, (string Dealer, string PurchaseOrder) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Dealer, y.Dealer) && StringComparer.OrdinalIgnoreCase.Equals(x.PurchaseOrder, y.PurchaseOrder);

        public int GetHashCode((string Dealer, string PurchaseOrder) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Dealer), StringComparer.OrdinalIgnoreCase.GetHashCode(key.PurchaseOrder));
    }
}
