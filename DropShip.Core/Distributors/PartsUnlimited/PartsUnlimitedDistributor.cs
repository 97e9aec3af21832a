using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.PartsUnlimited;

/// <summary>
/// Parts Unlimited (LeMans, incl. Drag Specialties): one call, POST /orders/dropship. Success is judged by the body's
/// status_code, since PU reports failures with HTTP 200. Test mode sends orders to PU's staging host.
/// </summary>
public sealed class PartsUnlimitedDistributor(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints) : IDistributor
{
    public const string Key = "parts-unlimited";
    private const string Name = "Parts Unlimited";
    public static readonly DistributorHosts Hosts = new(new Uri("https://api.parts-unlimited.com/api/"), new Uri("https://stage-api.lemansplatform.com/api/"));
    private static readonly int[] SuccessCodes = [200, 201, 202, 203];

    public DistributorProfile Profile { get; } = new(
        Key,
        "Parts Unlimited",
        HasTestMode: true,
        [new CredentialField("dealerNumber", "Dealer number", IsSecret: false, MaxLength: 20), new CredentialField("apiKey", "API key", IsSecret: true)],
        // PU states a 20-character PO limit; its address limits are not published, these are conservative.
        new OrderLimits(PoNumberMaxLength: 20, new ShipToLimits(Name: 35, Address: 35, City: 30, State: 2, PostalCode: 10, Phone: 15, Email: 100)));

    private DistributorEndpointOptions Options => endpoints.Get(Key);

    public async Task<PlaceOrderResult> PlaceOrderAsync(DistributorAccount account, DropShipOrder order, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(OrderClient(Key));
        var body = new PuDropShipOrderRequest(
            account.Setting("dealerNumber"),
            OrderType: "DS",
            order.PoNumber,
            order.ShipMethod ?? account.Defaults.ShipMethod ?? "ground",
            ValidatePrice: false,
            CancellationPolicy: "back_order",
            new PuAddress(order.ShipTo.Name!, order.ShipTo.Company ?? "", order.ShipTo.Address1!, order.ShipTo.Address2 ?? "",
                order.ShipTo.City!, order.ShipTo.State!, order.ShipTo.PostalCode!, order.ShipTo.Country ?? "US"),
            [new PuLineItem(1, order.PartNumber, order.Quantity, 0, "USD", "")]);

        var exchange = await SendAsync(client, Request(HttpMethod.Post, Options.BaseFor(account, Name), "orders/dropship", account, body),
            Options.OrderTimeout, cancellationToken);
        switch (exchange)
        {
            case Exchange.Answered { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } a:
                return new PlaceOrderResult.Rejected(RejectionCode.InvalidCredentials, DistributorJson.TryParse<PuOrderResponse>(a.Body, DistributorJson.SnakeCase)?.StatusMessage ?? "Parts Unlimited rejected the API key.");
            case Exchange.Answered a when a.IsServerError:
                return new PlaceOrderResult.Ambiguous($"Parts Unlimited answered HTTP {(int)a.Status} to the order call.");
            case Exchange.Answered a:
                var response = DistributorJson.TryParse<PuOrderResponse>(a.Body, DistributorJson.SnakeCase);
                if (response?.StatusCode is not { } status)
                    return a.IsSuccess
                        ? new PlaceOrderResult.Ambiguous("Parts Unlimited answered the order call without a status.")
                        : new PlaceOrderResult.Rejected(RejectionCode.Other, $"Parts Unlimited answered HTTP {(int)a.Status}.");
                if (SuccessCodes.Contains(status) && a.IsSuccess)
                    return response.ReferenceNumber is { Length: > 0 } reference
                        ? new PlaceOrderResult.Accepted([reference])
                        : new PlaceOrderResult.Ambiguous("Parts Unlimited accepted the order without a reference number.");
                var message = response.StatusMessage ?? $"Parts Unlimited status {status}.";
                var code = status switch
                {
                    401 or 403 => RejectionCode.InvalidCredentials,
                    402 => RejectionCode.PaymentProblem,
                    409 => RejectionCode.DuplicatePoNumber,
                    >= 500 => RejectionCode.Unavailable,
                    _ => ClassifyMessage(message),
                };
                return new PlaceOrderResult.Rejected(code, message);
            case Exchange.TimedOut:
                return new PlaceOrderResult.Ambiguous("Parts Unlimited did not answer the order call in time.");
            default:
                return new PlaceOrderResult.Ambiguous("The connection to Parts Unlimited failed during the order call.");
        }
    }

    public async Task<OrderLookup> LookUpOrderAsync(DistributorAccount account, PlacedOrderRef order, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(LookupClient(Key));
        var query = $"orders/dropship?purchase_order_number={Uri.EscapeDataString(order.PoNumber)}&dealer_number={Uri.EscapeDataString(account.Setting("dealerNumber"))}";
        var exchange = await SendAsync(client, Request(HttpMethod.Get, Options.BaseFor(account, Name), query, account), Options.LookupTimeout, cancellationToken);
        if (exchange is not Exchange.Answered { IsSuccess: true } ok) return LookupProblem(Name, exchange);

        var list = DistributorJson.TryParse<PuOrderList>(ok.Body, DistributorJson.SnakeCase);
        if (list?.StatusCode is 401 or 403) return new OrderLookup.Failed("Parts Unlimited refused the credentials.", InvalidCredentials: true);
        var match = list?.Orders?.FirstOrDefault(o => string.Equals(o.PurchaseOrderNumber, order.PoNumber, StringComparison.OrdinalIgnoreCase));
        if (match is null) return new OrderLookup.NotFound(ProvenAbsent: false, "the order list did not include the PO (the list may ignore the PO filter)");

        var shipments = (match.Shipments ?? [])
            .Where(s => !string.IsNullOrWhiteSpace(s.TrackingNumber))
            .Select(s => new ShipmentInfo(
                s.TrackingNumber!.Trim(),
                Carriers.Identify(s.Carrier, s.TrackingNumber),
                DateOnly.TryParse(s.ShipDate, CultureInfo.InvariantCulture, out var date) ? date : null,
                s.LineItems?.Sum(l => l.Quantity ?? 0) is > 0 and var q ? q : null))
            .ToList();
        var lines = match.LineItems ?? [];
        var complete = match.OrderStatus?.ToUpperInvariant() is "SHIPPED" or "COMPLETE" or "CLOSED"
            || (lines.Count > 0 && lines.All(l => (l.ShippedQuantity ?? 0) >= (l.Quantity ?? 1)));
        return new OrderLookup.Found(match.ReferenceNumber is { } r ? [r] : [], shipments, complete, match.OrderStatus);
    }

    public async Task<VerifyResult> VerifyAsync(DistributorAccount account, CancellationToken cancellationToken)
    {
        // A stock query for one well-known part: authenticated, cheap, places nothing.
        var client = httpClients.CreateClient(LookupClient(Key));
        var exchange = await SendAsync(client, Request(HttpMethod.Get, Options.BaseFor(account, Name), "v1/parts/inventory/0101-3337", account),
            Options.LookupTimeout, cancellationToken);
        return VerifyFrom(Name, exchange, a => DistributorJson.TryParse<PuOrderResponse>(a.Body, DistributorJson.SnakeCase)?.StatusCode is 401 or 403);
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri baseUrl, string path, DistributorAccount account, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Add("api-key", account.Secret("apiKey").Reveal());
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: DistributorJson.SnakeCase);
        return request;
    }

}
