using System.Globalization;
using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.Tucker;

/// <summary>
/// Tucker Rocky TRWS for one environment (production or apitest). Every call is a GET on one path, the operation chosen by type=;
/// errors come back as HTTP 200 with a non-SUCCESSFUL status, except a server error (500) and rate limiting (429).
/// </summary>
internal sealed class TuckerApi(SandboxScripts scripts, TimeProvider clock, ScriptedDelays delays)
{
    private readonly TuckerInventoryApi inventory = new(scripts, delays);
    private readonly Lock gate = new();
    private readonly Dictionary<(string Customer, string PurchaseOrder), List<ScriptedOrder>> ordersByPo = new(new CustomerPurchaseOrderComparer());
    private int lastOrderNumber = 123455;

    public void Map(IEndpointRouteBuilder routes, string path) => routes.MapGet(path, HandleAsync);

    private async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var type = query["type"].ToString().Trim().ToUpperInvariant();
        if (type is not ("ORD" or "SHP" or "INV" or "INP"))
        {
            return Answer(type.Length == 0 ? "ERROR" : type, new TuckerStatus("ERROR", $"Unsupported type '{type}'"));
        }

        if (Credentials.AreInvalid(query["apikey"], query["cust"]))
        {
            return InvalidCredentials(type);
        }

        var customer = query["cust"].ToString().Trim();
        return type switch
        {
            "ORD" => await OrderAsync(context, query, customer, cancellationToken),
            "SHP" => Shipments(context, query, customer),
            _ => await inventory.AnswerAsync(context, type, cancellationToken),
        };
    }

    private async Task<IResult> OrderAsync(HttpContext context, IQueryCollection query, string customer, CancellationToken cancellationToken)
    {
        var purchaseOrder = query["po"].ToString().Trim();
        foreach (var field in new[] { "po", "name", "address1", "city", "state", "zip" })
        {
            if (string.IsNullOrWhiteSpace(query[field]))
            {
                return Answer("ORD", new TuckerStatus("FAILED", $"Missing required parameter {field}"));
            }
        }

        var lines = new List<OrderLine>();
        foreach (var line in query["line"])
        {
            var parts = (line ?? "").Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity) || quantity < 1)
            {
                return Answer("ORD", new TuckerStatus("FAILED", $"Invalid line '{line}': expected line=<item>,<qty>"));
            }

            lines.Add(new OrderLine(parts[0], quantity));
        }

        if (lines.Count == 0)
        {
            return Answer("ORD", new TuckerStatus("FAILED", "No order lines"));
        }

        var script = scripts.Governing(lines.Select(line => line.PartNumber), ignoreDashes: true);
        switch (script.Order)
        {
            case OrderBehavior.Unauthorized:
                return InvalidCredentials("ORD");
            case OrderBehavior.RejectInvalidPart:
                return OrderAnswer("FAILED", "Order not submitted", lines, new TuckerValidatedOutput(purchaseOrder), line =>
                    scripts.Find(line.PartNumber, ignoreDashes: true)?.Order == OrderBehavior.RejectInvalidPart ? "Invalid item number" : "");
            case OrderBehavior.PaymentProblem:
                return OrderAnswer("FAILED", "Credit card on file was declined", lines, new TuckerValidatedOutput(purchaseOrder));
            case OrderBehavior.ServerError:
                return Results.Text("Internal Server Error", "text/plain", statusCode: StatusCodes.Status500InternalServerError);
            case OrderBehavior.Slow:
                if (!await delays.HoldAsync(script.Delay, cancellationToken))
                {
                    return Results.Empty; // the caller hung up first: nothing is ordered
                }

                break;
            case OrderBehavior.Accept:
            case OrderBehavior.DuplicatePo:
            default:
                break;
        }

        // allowduplicatepo defaults to NO: a missing flag must not let a retry place a second order.
        var allowDuplicate = string.Equals(query["allowduplicatepo"].ToString().Trim(), "YES", StringComparison.OrdinalIgnoreCase);
        // Anything but submit=YES only validates, so an adapter that forgets the flag sees no order number rather than a silent order.
        var submit = string.Equals(query["submit"].ToString().Trim(), "YES", StringComparison.OrdinalIgnoreCase);
        var key = (customer, purchaseOrder);
        string orderNumber;
        lock (gate)
        {
            var alreadyOrdered = ordersByPo.ContainsKey(key);
            if (!allowDuplicate && (alreadyOrdered || script.Order == OrderBehavior.DuplicatePo))
            {
                return OrderAnswer("FAILED", "Duplicate PO number", lines, new TuckerValidatedOutput(purchaseOrder));
            }

            if (!submit)
            {
                return OrderAnswer("SUCCESSFUL", "", lines, new TuckerValidatedOutput(purchaseOrder));
            }

            orderNumber = $"T{++lastOrderNumber}";
            if (!ordersByPo.TryGetValue(key, out var orders))
            {
                ordersByPo[key] = orders = [];
            }

            orders.Add(new ScriptedOrder(purchaseOrder, orderNumber, lines, script, clock.GetUtcNow()));
        }

        if (!await delays.AfterPlacingAsync(script, context, cancellationToken))
        {
            return Results.Empty;
        }

        // The one public client that reads orderoutput returns it from a SUCCESSFUL answer; another reads SUCCESSFUL alone.
        return OrderAnswer("SUCCESSFUL", "", lines, scripts.Variants.TuckerOrderOutput ? new TuckerOrderOutput(orderNumber, purchaseOrder) : null);
    }

    private IResult Shipments(HttpContext context, IQueryCollection query, string customer)
    {
        var purchaseOrder = query["po"].ToString().Trim();
        List<ScriptedOrder> orders;
        lock (gate)
        {
            orders = ordersByPo.TryGetValue((customer, purchaseOrder), out var found) ? [.. found] : [];
        }

        if (orders.Count == 0)
        {
            return Answer("SHP", new TuckerShipments("ERROR", "No order found for PO", []));
        }

        var checks = orders.Select(order => (Order: order, Check: order.Check())).ToList();
        var limited = checks.Where(pair => pair.Check.RateLimited).ToList();
        if (limited.Count > 0)
        {
            SandboxJson.AddRetryAfter(context.Response, limited.Max(pair => pair.Check.RetryAfter));
            return Answer("SHP", new TuckerStatus("ERROR", "Too many requests"), StatusCodes.Status429TooManyRequests);
        }

        // One entry per package and item (a package holding two items is two entries with the same tracking number).
        var shipments = checks.SelectMany(pair => pair.Check.Shipped.SelectMany(package =>
        {
            var packageLines = package.Lines.Count > 0 ? package.Lines : [pair.Order.Lines[^1] with { Quantity = 0 }];
            return packageLines.Select(line => new TuckerShipment(
                pair.Order.PurchaseOrder,
                pair.Order.OrderNumber,
                pair.Order.ShipDate.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
                package.Carrier.ToUpperInvariant(),
                package.TrackingNumber,
                line.PartNumber,
                line.Quantity));
        })).ToList();
        var answer = new Dictionary<string, object> { ["SHP"] = new TuckerShipments("SUCCESSFUL", "", shipments) };
        // Drift: each shipment's tracking number under "tracking" instead of "trackingnumber".
        return scripts.Variants.IsDrifted("tucker-rocky")
            ? SandboxJson.Drifted(answer, SandboxJson.LowerCase, node =>
            {
                foreach (var shipment in node["SHP"]!["shipment"]!.AsArray())
                {
                    SandboxJson.Rename(shipment, "trackingnumber", "tracking");
                }
            })
            : SandboxJson.Json(answer, SandboxJson.LowerCase);
    }

    /// <param name="output">orderoutput, or null to leave it out of the answer.</param>
    private static IResult OrderAnswer(string status, string message, List<OrderLine> lines, object? output, Func<OrderLine, string>? lineError = null)
    {
        var orderLines = lines.Select(line => new TuckerOrderLine(line.PartNumber, line.Quantity, lineError?.Invoke(line) ?? "")).ToList();
        return output is null
            ? Answer("ORD", new TuckerOrderAccepted(status, message, new TuckerOrderInput(orderLines)))
            : Answer("ORD", new TuckerOrderAnswer(status, message, new TuckerOrderInput(orderLines), output));
    }

    private static IResult InvalidCredentials(string type) =>
        Answer(type, new TuckerStatus("ERROR", "Invalid API key or customer number"));

    private static IResult Answer(string type, object body, int statusCode = StatusCodes.Status200OK) =>
        SandboxJson.Json(new Dictionary<string, object> { [type] = body }, SandboxJson.LowerCase, statusCode);

    private sealed class CustomerPurchaseOrderComparer : IEqualityComparer<(string Customer, string PurchaseOrder)>
    {
        public bool Equals((string Customer, string PurchaseOrder) x, (string Customer, string PurchaseOrder) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Customer, y.Customer) && StringComparer.OrdinalIgnoreCase.Equals(x.PurchaseOrder, y.PurchaseOrder);

        public int GetHashCode((string Customer, string PurchaseOrder) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Customer), StringComparer.OrdinalIgnoreCase.GetHashCode(key.PurchaseOrder));
    }
}
