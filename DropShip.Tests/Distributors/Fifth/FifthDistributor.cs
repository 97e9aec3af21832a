using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Tests.Distributors.Fifth;

/// <summary>
/// A test-only fifth distributor with a small JSON API of its own (FifthEmulator answers it on the sandbox): POST orders,
/// GET orders/{po}, GET account; the API key in a header, the account number beside it. It exists to prove that a
/// distributor is one folder plus one line (TestDistributors.TestOnly) and that the generic suites take it as they take the
/// four real ones.
/// </summary>
public sealed class FifthDistributor(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints, TimeProvider clock, AnswerProblemLog answers) : IDistributor
{
    public const string Key = "fifth";
    public const string Name = "Fifth Supply";

    /// <summary>Reserved names (RFC 6761): never resolve, so nothing but the sandbox configured by the tests is ever called.</summary>
    public static readonly DistributorHosts Hosts = new(new Uri("https://fifth.invalid/"), new Uri("https://fifth-test.invalid/"));

    public DistributorProfile Profile { get; } = new(
        Key,
        Name,
        HasTestMode: true,
        [new CredentialField("accountNumber", "Account number", IsSecret: false, MaxLength: 20), new CredentialField("apiKey", "API key", IsSecret: true)],
        // The PO travels in a URL path (orders/{po}): letters, digits and '-' only, as the emulator enforces.
        new OrderLimits(PoNumberMaxLength: 20, new ShipToLimits(Name: 30, Address: 30, City: 20, State: 2, PostalCode: 10, Phone: 15, Email: 50),
            PartNumberMaxLength: 30, ShipMethodMaxLength: 10, WarehouseMaxLength: 0, AsciiOnly: true, ReservedCharacters: "/?#%&"));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<AnswerContract> AnswerContracts { get; } = [FifthAnswers.Created, FifthAnswers.Lookup];

    private DistributorEndpointOptions Options => endpoints.Get(Key);

    public async Task<PlaceOrderResult> PlaceOrderAsync(DistributorAccount account, DropShipOrder order, CancellationToken cancellationToken)
    {
        var ship = order.ShipTo;
        var body = new FifthOrderRequest(order.PoNumber, order.PartNumber, order.Quantity, order.ShipMethod ?? account.Defaults.ShipMethod,
            new FifthAddress(ship.Name!, ship.Address1!, ship.Address2, ship.City!, ship.State!, ship.PostalCode!));
        var request = Request(HttpMethod.Post, "orders", account, "orders");
        request.Content = JsonContent.Create(body, options: Json);
        var exchange = await SendAsync(httpClients.CreateClient(OrderClient(Key)), request, Options.OrderTimeout, cancellationToken, clock);
        // Recorded, never decisive: an answer without an order number stays ambiguous below, as it must.
        if (exchange is Exchange.Answered { IsSuccess: true } created) await answers.CheckAsync(account, FifthAnswers.Created, created, order.PoNumber, cancellationToken);
        return exchange switch
        {
            Exchange.Answered { IsSuccess: true } ok => DistributorJson.TryParse<FifthOrderCreated>(ok.Body, Json)?.OrderNumber is { Length: > 0 } number
                ? new PlaceOrderResult.Accepted([number])
                : new PlaceOrderResult.Ambiguous($"{Name} answered the order call without an order number."),
            Exchange.Answered a when a.IsServerError => new PlaceOrderResult.Ambiguous($"{Name} answered HTTP {(int)a.Status} to the order call."),
            Exchange.Answered a => Rejection(a),
            _ => OrderNotAnswered(Name, exchange),
        };
    }

    public async Task<OrderLookup> LookUpOrderAsync(DistributorAccount account, PlacedOrderRef order, CancellationToken cancellationToken)
    {
        var exchange = await SendAsync(httpClients.CreateClient(LookupClient(Key)),
            Request(HttpMethod.Get, "orders/" + Uri.EscapeDataString(order.PoNumber), account, "orders/{po}"), Options.LookupTimeout, cancellationToken, clock);
        if (exchange is Exchange.Answered { Status: HttpStatusCode.NotFound } missing)
            // The lookup is keyed by our PO number, so its own "no such order" proves absence; a bare 404 (wrong host) does not.
            return DistributorJson.TryParse<FifthError>(missing.Body, Json)?.Code == "no_such_order"
                ? new OrderLookup.NotFound(ProvenAbsent: true, $"{Name} has no order for PO {order.PoNumber}.")
                : new OrderLookup.Failed($"{Name} answered HTTP 404 without its error body: check Distributors:{Key}:BaseUrl.");
        if (exchange is not Exchange.Answered { IsSuccess: true } ok) return LookupProblem(Name, exchange);
        await answers.CheckAsync(account, FifthAnswers.Lookup, ok, order.PoNumber, cancellationToken);
        if (DistributorJson.TryParse<FifthOrderView>(ok.Body, Json) is not { } view) return new OrderLookup.Failed($"{Name} answered the lookup with something unreadable.");

        var shipments = (view.Packages ?? [])
            .Where(p => !string.IsNullOrWhiteSpace(p.TrackingNumber))
            .Select(p => new ShipmentInfo(p.TrackingNumber!.Trim(), Carriers.Identify(p.Carrier, p.TrackingNumber.Trim()),
                DateOnly.TryParse(p.ShipDate, System.Globalization.CultureInfo.InvariantCulture, out var date) ? date : null, p.Quantity))
            .ToList();
        return new OrderLookup.Found(view.OrderNumber is { Length: > 0 } n ? [n] : order.DistributorOrderNumbers, shipments,
            string.Equals(view.Status, "shipped", StringComparison.OrdinalIgnoreCase), view.Status);
    }

    public async Task<VerifyResult> VerifyAsync(DistributorAccount account, CancellationToken cancellationToken) =>
        VerifyFrom(Name, await SendAsync(httpClients.CreateClient(LookupClient(Key)), Request(HttpMethod.Get, "account", account, "account"),
            Options.LookupTimeout, cancellationToken, clock));

    private static PlaceOrderResult.Rejected Rejection(Exchange.Answered answer)
    {
        var error = DistributorJson.TryParse<FifthError>(answer.Body, Json);
        var code = (answer.Status, error?.Code) switch
        {
            (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, _) => RejectionCode.InvalidCredentials,
            (_, "unknown_part") => RejectionCode.InvalidPart,
            (_, "on_hold") => RejectionCode.PaymentProblem,
            (_, "duplicate_po") => RejectionCode.DuplicatePoNumber,
            (HttpStatusCode.TooManyRequests, _) => RejectionCode.Unavailable,
            _ => RejectionCode.Other,
        };
        // The emulator's messages are its own fixed texts, never an echo of what was sent.
        return new PlaceOrderResult.Rejected(code, error?.Message is { Length: > 0 and <= 200 } message ? $"{Name}: {message}" : $"{Name} answered HTTP {(int)answer.Status}.");
    }

    private HttpRequestMessage Request(HttpMethod method, string path, DistributorAccount account, string operation)
    {
        var request = new HttpRequestMessage(method, new Uri(Options.BaseFor(account, Name), path));
        request.Headers.Add(FifthHeaders.ApiKey, account.Secret("apiKey").Reveal());
        request.Headers.Add(FifthHeaders.Account, account.Setting("accountNumber"));
        return request.ForAccount(account, operation);
    }
}

public static class FifthHeaders
{
    public const string ApiKey = "x-api-key";
    public const string Account = "x-account";
}

public sealed record FifthAddress(string Name, string Address1, string? Address2, string City, string State, string Zip);

public sealed record FifthOrderRequest(string Po, string Part, int Quantity, string? ShipMethod, FifthAddress ShipTo);

public sealed record FifthOrderCreated(string? OrderNumber);

public sealed record FifthPackage(string? TrackingNumber, string? Carrier, string? ShipDate, int? Quantity);

public sealed record FifthOrderView(string? OrderNumber, string? Status, IReadOnlyList<FifthPackage>? Packages);

public sealed record FifthError(string? Code, string? Message);
