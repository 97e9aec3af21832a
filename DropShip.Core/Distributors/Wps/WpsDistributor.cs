using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.Wps;

/// <summary>
/// Western Power Sports: cart, items, submit (POST /carts, POST /carts/{po}/items, POST /orders); status GET /orders/{po}.
/// WPS has no test host and allows PO reuse, so uniqueness is ours to keep. Only the final POST /orders can leave an
/// order in an unknown state; a failure before it (or a submission that never left) deletes the cart and is a clean rejection.
/// Answers are read with or without WPS's {"data":...} wrapper, and item quantities WPS leaves out stay unknown.
/// </summary>
public sealed class WpsDistributor(
    IHttpClientFactory httpClients,
    IOptionsMonitor<DistributorEndpointOptions> endpoints,
    TimeProvider clock,
    AnswerProblemLog answers,
    ILogger<WpsDistributor> logger) : IDistributor
{
    public const string Key = "wps";
    internal const string Name = "WPS";
    public static readonly DistributorHosts Hosts = new(new Uri("https://api.wps-inc.com/"), Test: null);

    public DistributorProfile Profile { get; } = new(
        Key,
        "Western Power Sports",
        HasTestMode: false,
        [new CredentialField("apiToken", "API token", IsSecret: true)],
        // WPS documents the drop-ship address limits and ship_via (10) (Carts page); it states no PO length: 30, like its name and
        // address fields. Part number 40 and warehouse 3 (its codes are CA..PA2): assumption: confirm before go-live.
        new OrderLimits(PoNumberMaxLength: 30, new ShipToLimits(Name: 30, Address: 30, City: 17, State: 2, PostalCode: 15, Phone: 15, Email: 50), PartNumberMaxLength: 40, ShipMethodMaxLength: 10, WarehouseMaxLength: 3,
            // A cart takes several items (one POST /carts/{po}/items each); WPS publishes no item limit: 20, assumption: confirm before go-live.
            MaxLinesPerOrder: 20));

    private DistributorEndpointOptions Options => endpoints.Get(Key);

    public IReadOnlyList<AnswerContract> AnswerContracts { get; } = [WpsAnswers.Submit, WpsAnswers.Lookup, WpsAnswers.Items];

    public async Task<PlaceOrderResult> PlaceOrderAsync(DistributorAccount account, DropShipOrder order, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(OrderClient(Key));
        var baseUrl = Options.BaseFor(account, Name);
        var po = Uri.EscapeDataString(order.PoNumber);

        var cart = await SendAsync(client, Request(HttpMethod.Post, baseUrl, "carts", account, new WpsCartRequest(
            order.PoNumber,
            order.ShipMethod ?? account.Defaults.ShipMethod ?? "BEST",
            order.Warehouse ?? account.Defaults.Warehouse,
            order.ShipTo.Name!, order.ShipTo.Address1!, order.ShipTo.Address2, order.ShipTo.City!, order.ShipTo.State!,
            order.ShipTo.PostalCode!, order.ShipTo.Phone, order.ShipTo.Email,
            order.AllowBackorder)), Options.OrderTimeout, cancellationToken, clock);
        if (BeforeSubmitFailure(cart, "creating the cart") is { } cartFailure)
        {
            await DeleteCartAsync(client, baseUrl, po, account);
            return cartFailure;
        }

        // One POST /carts/{po}/items per line: a cart holds several items and is submitted as one order.
        foreach (var line in order.Lines)
        {
            var item = await SendAsync(client, Request(HttpMethod.Post, baseUrl, $"carts/{po}/items", account,
                new WpsCartItemRequest(line.PartNumber, line.Quantity)), Options.OrderTimeout, cancellationToken, clock);
            if (BeforeSubmitFailure(item, $"adding part {line.PartNumber}", partCall: true) is { } itemFailure)
            {
                await DeleteCartAsync(client, baseUrl, po, account);
                return itemFailure;
            }
        }

        var submit = await SendAsync(client, Request(HttpMethod.Post, baseUrl, "orders", account,
            new WpsSubmitOrderRequest(order.PoNumber)), Options.OrderTimeout, cancellationToken, clock);
        switch (submit)
        {
            case Exchange.Answered { IsSuccess: true } ok:
                await answers.CheckAsync(account, WpsAnswers.Submit, ok, order.PoNumber, cancellationToken);
                return WpsJson.Entity<WpsSubmittedOrder>(ok.Body)?.OrderNumber is { Length: > 0 } number
                    ? new PlaceOrderResult.Accepted([number.Trim()])
                    : new PlaceOrderResult.Ambiguous("WPS accepted the order call but returned no order number.");
            case Exchange.Answered a when a.IsServerError:
                return new PlaceOrderResult.Ambiguous($"WPS answered HTTP {(int)a.Status} to the order submission.");
            case Exchange.Answered a:
                await DeleteCartAsync(client, baseUrl, po, account);
                return Rejection(a, partCall: false);
            default:
                var unanswered = OrderNotAnswered(Name, submit);
                // The submission never left: the cart is still open and orders nothing; free its PO number.
                if (unanswered is PlaceOrderResult.Rejected) await DeleteCartAsync(client, baseUrl, po, account);
                return unanswered;
        }
    }

    public async Task<OrderLookup> LookUpOrderAsync(DistributorAccount account, PlacedOrderRef order, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(LookupClient(Key));
        var exchange = await SendAsync(client, Request(HttpMethod.Get, Options.BaseFor(account, Name),
            $"orders/{Uri.EscapeDataString(order.PoNumber)}", account), Options.LookupTimeout, cancellationToken, clock);
        if (exchange is Exchange.Answered { Status: HttpStatusCode.NotFound } missing)
            // GET /orders/{po} is keyed by our PO number, so WPS's own "not found" is a definitive answer for it. A 404
            // without WPS's error body is some other server (a wrong base URL) and proves nothing.
            return DistributorJson.TryParse<WpsError>(missing.Body, DistributorJson.SnakeCase) is { } error && (error.Message ?? error.Error?.Message) is { } text
                ? new OrderLookup.NotFound(ProvenAbsent: true, $"WPS has no order for PO {order.PoNumber} ({text}).")
                : new OrderLookup.Failed("WPS answered HTTP 404 without its error body: check Distributors:wps:BaseUrl.");
        if (exchange is not Exchange.Answered { IsSuccess: true } ok) return LookupProblem(Name, exchange);

        await answers.CheckAsync(account, WpsAnswers.Lookup, ok, order.PoNumber, cancellationToken);
        if (WpsJson.Entity<WpsPurchaseOrder>(ok.Body) is not { } purchaseOrder)
            return new OrderLookup.Failed("WPS answered the order lookup with something unreadable.");
        var details = purchaseOrder.OrderDetails ?? [];
        if (details.Count == 0)
            return new OrderLookup.NotFound(ProvenAbsent: false, $"WPS shows PO {order.PoNumber} without any order yet (a cart not submitted, or an order not listed yet).");

        var shipments = new List<ShipmentInfo>();
        foreach (var detail in details)
        {
            var numbers = detail.TrackingNumbers?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim())
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
            var quantity = UnitsPerPackage(numbers.Count, UnitsShipped(detail));
            // With one tracking number the detail's items with ship_quantity are that package's lines; with several, WPS
            // does not say which items went in which package.
            var lines = numbers.Count == 1 && quantity is not null
                ? detail.Items!.Where(i => i.ShipQuantity > 0 && !string.IsNullOrWhiteSpace(i.Sku)).Select(i => new DropShipLine(i.Sku!.Trim(), i.ShipQuantity!.Value)).ToList()
                : null;
            shipments.AddRange(numbers.Select(n => new ShipmentInfo(n, Carriers.Identify(detail.ShipVia, n), ParseDate(detail.ShipDate), quantity, lines)));
        }
        return new OrderLookup.Found(
            details.Select(d => d.OrderNumber?.Trim()).OfType<string>().Where(n => n.Length > 0).ToList(),
            shipments,
            Complete: details.All(d => AllUnitsShipped(d) ?? IsShippedStatus(d.OrderStatus)),
            string.Join(",", details.Select(d => d.OrderStatus).Distinct()));
    }

    public async Task<VerifyResult> VerifyAsync(DistributorAccount account, CancellationToken cancellationToken)
    {
        // A lookup of a PO that cannot exist: 404 proves the token works, 401 that it does not. Nothing is placed.
        var client = httpClients.CreateClient(LookupClient(Key));
        var exchange = await SendAsync(client, Request(HttpMethod.Get, Options.BaseFor(account, Name), "orders/DROPSHIP-VERIFY", account),
            Options.LookupTimeout, cancellationToken, clock);
        return VerifyFrom(Name, exchange, clock: clock);
    }

    /// <summary>
    /// WPS does not document order_status values; a public storefront maps Invoiced, Shipped and Delivered as done. Used only
    /// when the item quantities do not answer the question.
    /// </summary>
    private static bool IsShippedStatus(string? status) =>
        status?.Trim().ToUpperInvariant() is "SHIPPED" or "INVOICED" or "DELIVERED" or "COMPLETE" or "COMPLETED" or "CLOSED";

    /// <summary>
    /// The units in each of one WPS order's packages, where WPS's figures say it: with one tracking number the order's
    /// shipped units are that package's; with as many units as packages each holds one (a package holds at least one).
    /// Otherwise WPS does not say which units went where, so the quantity stays unknown.
    /// </summary>
    internal static int? UnitsPerPackage(int packages, int? unitsShipped) => (packages, unitsShipped) switch
    {
        (1, > 0) => unitsShipped,
        ( > 1, var units) when units == packages => 1,
        _ => null,
    };

    /// <summary>Units shipped on one WPS order, or null when any item leaves ship_quantity out.</summary>
    private static int? UnitsShipped(WpsOrderDetail detail) =>
        detail.Items is { Count: > 0 } items && items.All(i => i.ShipQuantity is not null) ? items.Sum(i => i.ShipQuantity!.Value) : null;

    /// <summary>Whether every item shipped in full, or null when the quantities are not all stated.</summary>
    private static bool? AllUnitsShipped(WpsOrderDetail detail) =>
        detail.Items is { Count: > 0 } items && items.All(i => i is { OrderQuantity: not null, ShipQuantity: not null })
            ? items.All(i => i.ShipQuantity >= i.OrderQuantity)
            : null;

    private static PlaceOrderResult? BeforeSubmitFailure(Exchange exchange, string step, bool partCall = false) => exchange switch
    {
        Exchange.Answered { IsSuccess: true } => null,
        Exchange.Answered a when !a.IsServerError => Rejection(a, partCall),
        Exchange.Answered a => new PlaceOrderResult.Rejected(RejectionCode.Unavailable, $"WPS answered HTTP {(int)a.Status} while {step}; nothing was ordered."),
        _ => new PlaceOrderResult.Rejected(RejectionCode.Unavailable, $"WPS did not answer while {step}; nothing was ordered."),
    };

    private static PlaceOrderResult.Rejected Rejection(Exchange.Answered answer, bool partCall)
    {
        var error = DistributorJson.TryParse<WpsError>(answer.Body, DistributorJson.SnakeCase);
        var message = error?.Message ?? error?.Error?.Message ?? $"WPS answered HTTP {(int)answer.Status}.";
        var code = answer.Status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => RejectionCode.InvalidCredentials,
            HttpStatusCode.NotFound when partCall => RejectionCode.InvalidPart,
            _ when partCall && ClassifyMessage(message) == RejectionCode.Other => RejectionCode.InvalidPart,
            _ => ClassifyMessage(message),
        };
        return new PlaceOrderResult.Rejected(code, message);
    }

    private async Task DeleteCartAsync(HttpClient client, Uri baseUrl, string po, DistributorAccount account)
    {
        // Best effort, so the PO number can be used again; an open cart orders nothing.
        var result = await SendAsync(client, Request(HttpMethod.Delete, baseUrl, $"carts/{po}", account), Options.LookupTimeout, CancellationToken.None, clock);
        if (result is not Exchange.Answered { IsSuccess: true } and not Exchange.Answered { Status: HttpStatusCode.NotFound })
            logger.LogWarning("Could not delete the WPS cart of a failed submission for store {StoreId}", account.StoreId);
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri baseUrl, string path, DistributorAccount account, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.Secret("apiToken").Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: DistributorJson.SnakeCase);
        return request;
    }


    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date) ? date
        : DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dateTime) ? DateOnly.FromDateTime(dateTime) : null;
}
