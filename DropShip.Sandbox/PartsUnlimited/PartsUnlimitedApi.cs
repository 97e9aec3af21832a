using System.Collections.Concurrent;
using System.Globalization;
using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.PartsUnlimited;

/// <summary>
/// Parts Unlimited / LeMans drop-ship API for one environment (production or staging, each with its own orders).
/// Order failures come back as HTTP 200 with a non-200 status_code in the body; only a bad api-key (401), a server error (500)
/// and rate limiting (429) change the HTTP status. Orders are listed by date and page only, as public clients use it: the
/// listing shows the orders placed with the caller's api-key and, by default, ignores a purchase_order_number filter.
/// </summary>
internal sealed class PartsUnlimitedApi(SandboxScripts scripts, TimeProvider clock, ScriptedDelays delays)
{
    private const int MaxPurchaseOrderLength = 20;
    private const decimal DefaultUnitPrice = 19.95m;
    private const decimal DropShipFee = 5.00m;

    /// <summary>Keyed by dealer and PO: a PO can be used once per dealer.</summary>
    private readonly ConcurrentDictionary<(string Dealer, string PurchaseOrder), PlacedOrder> orders = new(new DealerPurchaseOrderComparer());
    private long lastReference = 40_000_000;

    /// <param name="ApiKey">The key the order was placed with: the account whose listing shows it.</param>
    private sealed record PlacedOrder(string Dealer, string ApiKey, string ReferenceNumber, ScriptedOrder Order);

    public void Map(IEndpointRouteBuilder routes, string prefix)
    {
        var api = routes.MapGroup(prefix);
        // The v2 paths are accepted as aliases: public clients use both.
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
                if (!await delays.HoldAsync(script.Delay, cancellationToken))
                {
                    return Results.Empty; // the caller hung up first: nothing is ordered
                }

                break;
            case OrderBehavior.Accept:
            default:
                break;
        }

        var referenceNumber = $"PU{Interlocked.Increment(ref lastReference)}";
        var orderLines = lines.Select(line => new OrderLine(line.PartNumber!.Trim(), line.Quantity)).ToList();
        var apiKey = context.Request.Headers["api-key"].ToString();
        var placed = new PlacedOrder(dealer, apiKey, referenceNumber, new ScriptedOrder(purchaseOrder, referenceNumber, orderLines, script, clock.GetUtcNow()));
        if (!orders.TryAdd((dealer, purchaseOrder), placed))
        {
            return Status(409, "Duplicate purchase order number");
        }

        if (!await delays.AfterPlacingAsync(script, context, cancellationToken))
        {
            return Results.Empty;
        }

        return SandboxJson.Json(
            new PuOrderAccepted(
                200,
                "Order accepted",
                referenceNumber,
                lines.Sum(line => line.Quantity * (line.Price > 0 ? line.Price : DefaultUnitPrice)),
                lines.Select(line => new PuAcceptedLine(line.PartNumber!, new PuQuantity(line.Quantity))).ToList()),
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
    /// The drop-ship order listing: orders dated date_start..date_end (v2: order_date_start..order_date_end; both optional,
    /// inclusive, YYYY-MM-DD), oldest first, page_num from 1, <see cref="ApiVariants.PartsUnlimitedPageSize"/> per page; a page
    /// past the end is empty. Every order shown counts as one status check of it (so a scripted 429 of any order on the page
    /// answers the whole page 429). purchase_order_number is ignored unless <see cref="ApiVariants.PartsUnlimitedFiltersByPo"/>.
    /// </summary>
    private IResult LookUpOrders(HttpContext context)
    {
        if (Unauthenticated(context) is { } unauthenticated)
        {
            return unauthenticated;
        }

        var variants = scripts.Variants;
        var query = context.Request.Query;
        if (!TryParseDate(First(query, "date_start", "order_date_start"), out var start) || !TryParseDate(First(query, "date_end", "order_date_end"), out var end))
        {
            return Status(400, "date_start and date_end must be YYYY-MM-DD");
        }

        var page = int.TryParse(query["page_num"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pageNumber) && pageNumber > 0 ? pageNumber : 1;
        if (page == variants.PartsUnlimitedFailingPage)
        {
            return SandboxJson.Json(new PuStatus(500, "Internal error"), SandboxJson.SnakeCase, StatusCodes.Status500InternalServerError);
        }

        if (variants.PartsUnlimitedLastDistinctPage > 0 && page > variants.PartsUnlimitedLastDistinctPage)
        {
            page = variants.PartsUnlimitedLastDistinctPage;
        }

        var apiKey = context.Request.Headers["api-key"].ToString();
        var purchaseOrder = query["purchase_order_number"].ToString().Trim();
        var listed = orders.Values
            .Where(placed => placed.ApiKey == apiKey)
            .Where(placed => DateOnly.FromDateTime(placed.Order.PlacedAt.UtcDateTime) is var day && (start is null || day >= start) && (end is null || day <= end))
            .Where(placed => !variants.PartsUnlimitedFiltersByPo || purchaseOrder.Length == 0
                || string.Equals(placed.Order.PurchaseOrder, purchaseOrder, StringComparison.OrdinalIgnoreCase))
            .OrderBy(placed => placed.Order.PlacedAt)
            .ThenBy(placed => placed.ReferenceNumber, StringComparer.Ordinal)
            .Skip((page - 1) * variants.PartsUnlimitedPageSize)
            .Take(variants.PartsUnlimitedPageSize)
            .Select(placed => (Placed: placed, Check: placed.Order.Check()))
            .ToList();
        var limited = listed.Where(pair => pair.Check.RateLimited).ToList();
        if (limited.Count > 0)
        {
            SandboxJson.AddRetryAfter(context.Response, limited.Max(pair => pair.Check.RetryAfter));
            return SandboxJson.Json(new PuStatus(429, "Too many requests"), SandboxJson.SnakeCase, StatusCodes.Status429TooManyRequests);
        }

        var listing = new PuOrdersPage(listed.Select(pair => View(pair.Placed, pair.Check, variants)).ToList());
        // Drift: the orders under "data" instead of "orders".
        return variants.IsDrifted("parts-unlimited")
            ? SandboxJson.Drifted(listing, SandboxJson.SnakeCase, answer => SandboxJson.Rename(answer, "orders", "data"))
            : SandboxJson.Json(listing, SandboxJson.SnakeCase);
    }

    /// <summary>
    /// One order as the listing shows it: tracking per line, line_items[].shipped[] with quantity, ship_date, shipped_via
    /// (PU's carrier code, e.g. ups_ground) and tracking_numbers (a list).
    /// </summary>
    private static PuOrderView View(PlacedOrder placed, StatusCheck check, ApiVariants variants)
    {
        var order = placed.Order;
        var shipDate = SandboxJson.IsoDate(order.ShipDate);
        return new PuOrderView(
            order.PurchaseOrder,
            check.Status switch { FulfilmentStatus.Shipped => "Shipped", FulfilmentStatus.Partial => "Partially Shipped", _ => "Open" },
            placed.ReferenceNumber,
            order.Lines.Sum(line => line.Quantity) * DefaultUnitPrice,
            SandboxJson.IsoDate(order.PlacedAt),
            DropShipFee,
            order.Lines.Select(line => new PuOrderLineView(line.PartNumber, DefaultUnitPrice, new PuQuantity(line.Quantity), Shipped(line.PartNumber))).ToList());

        IReadOnlyList<PuShippedView> Shipped(string partNumber)
        {
            var packages = check.Shipped
                .Select(package => (package, Units: package.Lines.Where(l => string.Equals(l.PartNumber, partNumber, StringComparison.OrdinalIgnoreCase)).Sum(l => l.Quantity)))
                .Where(p => p.Units > 0)
                .ToList();
            if (packages.Count == 0)
            {
                return [];
            }

            return variants.PartsUnlimitedTrackingGrouped
                ? [new PuShippedView(packages.Sum(p => p.Units), shipDate, ShippedVia(packages[0].package.Carrier), packages.Select(p => p.package.TrackingNumber).ToList())]
                : packages.Select(p => new PuShippedView(p.Units, shipDate, ShippedVia(p.package.Carrier), [p.package.TrackingNumber])).ToList();
        }
    }

    /// <summary>PU names the carrier by a service code; ups_ground is what a public client matches, the others follow its pattern.</summary>
    private static string ShippedVia(string carrier) => Carriers.Canonical(carrier) switch
    {
        Carriers.FedEx => "fedex_ground",
        Carriers.Usps => "usps_priority",
        Carriers.OnTrac => "ontrac_ground",
        _ => "ups_ground",
    };

    private static string? First(IQueryCollection query, params string[] names) =>
        names.Select(name => query[name].ToString()).FirstOrDefault(value => value.Length > 0);

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
