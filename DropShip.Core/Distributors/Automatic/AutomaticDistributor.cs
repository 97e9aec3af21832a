using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.Automatic;

/// <summary>
/// Automatic Distributors (API v2): POST order/create, GET order/lookup?ponumber=, GET account (verify), Bearer token.
/// Automatic publishes no host: both base URLs are configuration only (Distributors:automatic:BaseUrl / TestBaseUrl) and the
/// defaults are RFC 6761 ".invalid" placeholders, which this adapter reports as "not configured" before sending anything
/// (and which could never resolve if something else tried).
/// A shipment's proNumber is a freight bill number from an LTL carrier, not a parcel tracking number: it is used as the
/// shipment's identifier only when Automatic gives no trackingNumber, and then never matched to a parcel carrier's format.
/// </summary>
public sealed class AutomaticDistributor(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints, TimeProvider clock, AnswerProblemLog answers) : IDistributor
{
    public const string Key = "automatic";
    private const string Name = "Automatic Distributors";
    private const int PoNumberMaxLength = 22;
    public static readonly DistributorHosts Hosts = new(new Uri("https://automatic.invalid/"), new Uri("https://automatic-test.invalid/"));

    public DistributorProfile Profile { get; } = new(
        Key,
        "Automatic Distributors",
        HasTestMode: true,
        [new CredentialField("apiToken", "API token", IsSecret: true)],
        // Automatic states "printable ASCII only, max 22 chars" for PO numbers (v2 change list). Its other limits are not
        // published: the same conservative guesses as Tucker (30 name/address, 20 city, 2 state, 10 ZIP, 15 phone), part number
        // 30, ship method 20, printable ASCII everywhere (assumption: confirm before go-live). No warehouse is sent.
        new OrderLimits(PoNumberMaxLength, new ShipToLimits(Name: 30, Address: 30, City: 20, State: 2, PostalCode: 10, Phone: 15, Email: 50), PartNumberMaxLength: 30, ShipMethodMaxLength: 20, WarehouseMaxLength: 0, AsciiOnly: true));

    private DistributorEndpointOptions Options => endpoints.Get(Key);

    public IReadOnlyList<AnswerContract> AnswerContracts { get; } = [AutomaticAnswers.Created, AutomaticAnswers.Lookup];

    public async Task<PlaceOrderResult> PlaceOrderAsync(DistributorAccount account, DropShipOrder order, CancellationToken cancellationToken)
    {
        if (BaseUrl(account) is not { } baseUrl)
            return new PlaceOrderResult.Rejected(RejectionCode.Unavailable, NotConfigured(account) + " Nothing was ordered.");
        if (order.PoNumber.Length > PoNumberMaxLength || order.PoNumber.Any(c => c is < ' ' or > '~'))
            return new PlaceOrderResult.Rejected(RejectionCode.Other, $"Automatic Distributors accepts PO numbers of at most {PoNumberMaxLength} printable ASCII characters.");

        var body = new AutomaticOrderRequest(
            new AutomaticRequestHeader(order.PoNumber, order.ShipMethod ?? account.Defaults.ShipMethod),
            new AutomaticAddress(order.ShipTo.Name!, order.ShipTo.Address1!, order.ShipTo.Address2, order.ShipTo.City!, order.ShipTo.State!,
                order.ShipTo.PostalCode!, order.ShipTo.Phone),
            [new AutomaticLine(order.PartNumber, order.Quantity)]);
        var exchange = await SendAsync(httpClients.CreateClient(OrderClient(Key)), Request(HttpMethod.Post, baseUrl, "order/create", account, "order/create", body),
            Options.OrderTimeout, cancellationToken, clock);
        switch (exchange)
        {
            case Exchange.Answered { IsSuccess: true } ok:
                await answers.CheckAsync(account, AutomaticAnswers.Created, ok, order.PoNumber, cancellationToken);
                var header = DistributorJson.TryParse<AutomaticOrderCreated>(ok.Body, DistributorJson.Lenient)?.Header;
                if (header?.OrderNumber is { Length: > 0 } number) return new PlaceOrderResult.Accepted([number.Trim()]);
                // The PO echoed back is acceptance too; the order number will come with the first lookup.
                if (string.Equals(header?.Ponumber?.Trim(), order.PoNumber, StringComparison.OrdinalIgnoreCase)) return new PlaceOrderResult.Accepted([]);
                return new PlaceOrderResult.Ambiguous("Automatic Distributors answered the order call without the PO number or an order number.");
            case Exchange.Answered a when a.IsServerError:
                return new PlaceOrderResult.Ambiguous($"Automatic Distributors answered HTTP {(int)a.Status} to the order call.");
            case Exchange.Answered a:
                return Rejection(a, account);
            default:
                return OrderNotAnswered(Name, exchange);
        }
    }

    public async Task<OrderLookup> LookUpOrderAsync(DistributorAccount account, PlacedOrderRef order, CancellationToken cancellationToken)
    {
        if (BaseUrl(account) is not { } baseUrl) return new OrderLookup.Failed(NotConfigured(account));
        var exchange = await SendAsync(httpClients.CreateClient(LookupClient(Key)),
            Request(HttpMethod.Get, baseUrl, $"order/lookup?ponumber={Uri.EscapeDataString(order.PoNumber)}", account, "order/lookup"),
            Options.LookupTimeout, cancellationToken, clock);
        if (exchange is Exchange.Answered { Status: HttpStatusCode.NotFound } missing)
            // A bare 404 (a wrong base URL) is a failure. Even Automatic's own "not_found" proves nothing yet: the lookup's
            // path and its answer for an unknown PO are unpublished assumptions, so it never releases an item.
            return DistributorJson.TryParse<AutomaticError>(missing.Body, DistributorJson.Lenient)?.Error == "not_found"
                ? new OrderLookup.NotFound(ProvenAbsent: false, $"Automatic Distributors answered not_found for PO {order.PoNumber}; that answer is unconfirmed, so it proves nothing.")
                : new OrderLookup.Failed("Automatic Distributors answered HTTP 404 without saying the PO is unknown: check Distributors:automatic base URLs.");
        if (exchange is not Exchange.Answered { IsSuccess: true } ok) return LookupProblem(Name, exchange);

        await answers.CheckAsync(account, AutomaticAnswers.Lookup, ok, order.PoNumber, cancellationToken);
        var found = DistributorJson.TryParse<AutomaticOrder>(ok.Body, DistributorJson.Lenient);
        if (found?.Header is not { } header) return new OrderLookup.Failed("Automatic Distributors answered the lookup with something unreadable.");

        var shipments = new List<ShipmentInfo>();
        foreach (var shipment in found.Shipments ?? [])
        {
            // Units are known only when every line of the shipment states its quantity.
            var units = shipment.Lines is { Count: > 0 } shipmentLines && shipmentLines.All(l => l.Quantity is not null)
                && shipmentLines.Sum(l => l.Quantity!.Value) is > 0 and var q ? q : (int?)null;
            var date = ParseDate(shipment.ShipDate);
            if (!string.IsNullOrWhiteSpace(shipment.TrackingNumber))
            {
                var number = shipment.TrackingNumber.Trim();
                shipments.Add(new ShipmentInfo(number, Carriers.Identify(shipment.Carrier, number), date, units));
            }
            else if (!string.IsNullOrWhiteSpace(shipment.ProNumber))
            {
                // Freight: the PRO number is the only handle the customer gets. Keep the carrier as Automatic names it (an LTL
                // carrier) and never guess a parcel carrier from the number: a 12-digit PRO would pass for a FedEx number.
                shipments.Add(new ShipmentInfo(shipment.ProNumber.Trim(), string.IsNullOrWhiteSpace(shipment.Carrier) ? Carriers.Unknown : shipment.Carrier.Trim(), date, units));
            }
        }
        var lines = found.Lines ?? [];
        var complete = header.Status?.Trim().ToUpperInvariant() is "SHIPPED" or "COMPLETE" or "COMPLETED" or "CLOSED" or "INVOICED"
            || (lines.Count > 0 && lines.All(l => l is { Quantity: { } ordered, ShippedQuantity: { } shippedQuantity } && shippedQuantity >= ordered));
        var orderNumbers = header.OrderNumber is { Length: > 0 } orderNumber ? [orderNumber.Trim()] : order.DistributorOrderNumbers;
        return new OrderLookup.Found(orderNumbers, shipments.DistinctBy(s => s.TrackingNumber, StringComparer.OrdinalIgnoreCase).ToList(), complete, header.Status);
    }

    public async Task<VerifyResult> VerifyAsync(DistributorAccount account, CancellationToken cancellationToken)
    {
        if (BaseUrl(account) is not { } baseUrl) return new VerifyResult(VerifyOutcome.Unreachable, NotConfigured(account));
        var exchange = await SendAsync(httpClients.CreateClient(LookupClient(Key)), Request(HttpMethod.Get, baseUrl, "account", account, "account"),
            Options.LookupTimeout, cancellationToken, clock);
        // GET account answers 200 for a good token; any other 4xx but 401/403/429 means we are not talking to the right API.
        if (exchange is Exchange.Answered { IsSuccess: false, IsServerError: false } a
            && a.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
            return new VerifyResult(VerifyOutcome.Unreachable, $"Automatic Distributors answered HTTP {(int)a.Status} to the account call: check the configured base URL.");
        return VerifyFrom(Name, exchange, clock: clock);
    }

    /// <summary>The configured host, or null while it is still the ".invalid" placeholder (or missing).</summary>
    private Uri? BaseUrl(DistributorAccount account)
    {
        var uri = account.TestMode ? Options.TestBaseUrl : Options.BaseUrl;
        return uri is null || uri.Host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase) ? null : uri;
    }

    private static string NotConfigured(DistributorAccount account) =>
        $"Automatic Distributors publishes no API host: set Distributors:automatic:{(account.TestMode ? "TestBaseUrl" : "BaseUrl")} to the URL Automatic gave you.";

    private static PlaceOrderResult.Rejected Rejection(Exchange.Answered answer, DistributorAccount account)
    {
        var error = DistributorJson.TryParse<AutomaticError>(answer.Body, DistributorJson.Lenient);
        var message = Scrub(error?.Message is { Length: > 0 } m ? m : $"Automatic Distributors answered HTTP {(int)answer.Status}.", account);
        var code = (answer.Status, error?.Error) switch
        {
            (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, _) or (_, "invalid_token") => RejectionCode.InvalidCredentials,
            (_, "invalid_part") => RejectionCode.InvalidPart,
            (HttpStatusCode.PaymentRequired, _) or (_, "account_hold") => RejectionCode.PaymentProblem,
            (HttpStatusCode.Conflict, _) or (_, "duplicate_po") => RejectionCode.DuplicatePoNumber,
            (HttpStatusCode.TooManyRequests, _) => RejectionCode.Unavailable,
            (_, "validation") => RejectionCode.Other,
            _ => ClassifyMessage(message),
        };
        return new PlaceOrderResult.Rejected(code, message);
    }

    private static string Scrub(string text, DistributorAccount account)
    {
        var token = account.Secret("apiToken").Reveal();
        return token.Length == 0 ? text : text.Replace(token, "[redacted]", StringComparison.OrdinalIgnoreCase);
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri baseUrl, string path, DistributorAccount account, string operation, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.Secret("apiToken").Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: DistributorJson.Lenient);
        return request.ForAccount(account, operation);
    }


    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), ["yyyy-MM-dd", "MM/dd/yy", "MM/dd/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
