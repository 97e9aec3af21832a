using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.Wps;

/// <summary>
/// Western Power Sports: cart, items, submit (POST /carts, POST /carts/{po}/items, POST /orders); status GET /orders/{po}.
/// WPS has no test host and allows PO reuse, so uniqueness is ours to keep. Only the final POST /orders can leave an
/// order in an unknown state; a failure before it deletes the cart and is a clean rejection.
/// </summary>
public sealed class WpsDistributor(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints, ILogger<WpsDistributor> logger) : IDistributor
{
    public const string Key = "wps";
    private const string Name = "WPS";
    public static readonly DistributorHosts Hosts = new(new Uri("https://api.wps-inc.com/"), Test: null);

    public DistributorProfile Profile { get; } = new(
        Key,
        "Western Power Sports",
        HasTestMode: false,
        [new CredentialField("apiToken", "API token", IsSecret: true)],
        // WPS documents the drop-ship address limits; it states no PO length, 30 is the length its other text fields allow.
        new OrderLimits(PoNumberMaxLength: 30, new ShipToLimits(Name: 30, Address: 30, City: 17, State: 2, PostalCode: 15, Phone: 15, Email: 50)));

    private DistributorEndpointOptions Options => endpoints.Get(Key);

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
            order.AllowBackorder)), Options.OrderTimeout, cancellationToken);
        if (BeforeSubmitFailure(cart, "creating the cart") is { } cartFailure)
        {
            await DeleteCartAsync(client, baseUrl, po, account);
            return cartFailure;
        }

        var item = await SendAsync(client, Request(HttpMethod.Post, baseUrl, $"carts/{po}/items", account,
            new WpsCartItemRequest(order.PartNumber, order.Quantity)), Options.OrderTimeout, cancellationToken);
        if (BeforeSubmitFailure(item, "adding the part", partCall: true) is { } itemFailure)
        {
            await DeleteCartAsync(client, baseUrl, po, account);
            return itemFailure;
        }

        var submit = await SendAsync(client, Request(HttpMethod.Post, baseUrl, "orders", account,
            new WpsSubmitOrderRequest(order.PoNumber)), Options.OrderTimeout, cancellationToken);
        switch (submit)
        {
            case Exchange.Answered { IsSuccess: true } ok:
                var submitted = DistributorJson.TryParse<WpsData<WpsSubmittedOrder>>(ok.Body, DistributorJson.SnakeCase)?.Data;
                return submitted?.OrderNumber is { Length: > 0 } number
                    ? new PlaceOrderResult.Accepted([number])
                    : new PlaceOrderResult.Ambiguous("WPS accepted the order call but returned no order number.");
            case Exchange.Answered a when a.IsServerError:
                return new PlaceOrderResult.Ambiguous($"WPS answered HTTP {(int)a.Status} to the order submission.");
            case Exchange.Answered a:
                await DeleteCartAsync(client, baseUrl, po, account);
                return Rejection(a, partCall: false);
            case Exchange.TimedOut:
                return new PlaceOrderResult.Ambiguous("WPS did not answer the order submission in time.");
            default:
                return new PlaceOrderResult.Ambiguous("The connection to WPS failed during the order submission.");
        }
    }

    public async Task<OrderLookup> LookUpOrderAsync(DistributorAccount account, PlacedOrderRef order, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(LookupClient(Key));
        var exchange = await SendAsync(client, Request(HttpMethod.Get, Options.BaseFor(account, Name),
            $"orders/{Uri.EscapeDataString(order.PoNumber)}", account), Options.LookupTimeout, cancellationToken);
        if (exchange is Exchange.Answered { Status: HttpStatusCode.NotFound }) return new OrderLookup.NotFound(ProvenAbsent: true, "WPS answered 404 for the PO number");
        if (exchange is not Exchange.Answered { IsSuccess: true } ok) return LookupProblem(Name, exchange);

        var details = DistributorJson.TryParse<WpsData<WpsPurchaseOrder>>(ok.Body, DistributorJson.SnakeCase)?.Data?.OrderDetails ?? [];
        var shipments = new List<ShipmentInfo>();
        foreach (var detail in details)
        {
            var numbers = detail.TrackingNumbers?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList() ?? [];
            // A fully shipped detail with one package: its items are that package. Otherwise (several packages, or a
            // partial shipment) WPS does not say which units went where.
            int? quantity = numbers.Count == 1 && IsShippedStatus(detail.OrderStatus) ? detail.Items?.Sum(i => i.Quantity ?? 0) : null;
            shipments.AddRange(numbers.Select(n => new ShipmentInfo(n, Carriers.Identify(detail.ShipVia, n), ParseDate(detail.ShipDate), quantity)));
        }
        var complete = details.Count > 0 && details.All(d => IsShippedStatus(d.OrderStatus));
        return new OrderLookup.Found(
            details.Select(d => d.OrderNumber).OfType<string>().ToList(),
            shipments,
            complete,
            string.Join(",", details.Select(d => d.OrderStatus).Distinct()));
    }

    public async Task<VerifyResult> VerifyAsync(DistributorAccount account, CancellationToken cancellationToken)
    {
        // A lookup of a PO that cannot exist: 404 proves the token works, 401 that it does not. Nothing is placed.
        var client = httpClients.CreateClient(LookupClient(Key));
        var exchange = await SendAsync(client, Request(HttpMethod.Get, Options.BaseFor(account, Name), "orders/DROPSHIP-VERIFY", account),
            Options.LookupTimeout, cancellationToken);
        return VerifyFrom(Name, exchange);
    }

    private static bool IsShippedStatus(string? status) =>
        status?.Trim().ToUpperInvariant() is "SHIPPED" or "INVOICED" or "COMPLETE" or "COMPLETED" or "CLOSED";

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
        var result = await SendAsync(client, Request(HttpMethod.Delete, baseUrl, $"carts/{po}", account), Options.LookupTimeout, CancellationToken.None);
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
