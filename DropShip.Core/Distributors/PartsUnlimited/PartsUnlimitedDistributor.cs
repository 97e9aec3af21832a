using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.PartsUnlimited;

/// <summary>
/// Parts Unlimited (LeMans, incl. Drag Specialties): one call, POST /orders/dropship. Success is judged by the body's
/// status_code, since PU reports failures with HTTP 200. Test mode sends orders to PU's staging host.
/// PU cannot be asked about one PO: GET /orders/dropship lists drop-ship orders by date and page only, so a lookup scans
/// the days around the submission page by page (see <see cref="LookUpOrderAsync"/>).
/// </summary>
public sealed class PartsUnlimitedDistributor(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints, TimeProvider clock, AnswerProblemLog answers) : IDistributor
{
    public const string Key = "parts-unlimited";
    internal const string Name = "Parts Unlimited";
    public static readonly DistributorHosts Hosts = new(new Uri("https://api.parts-unlimited.com/api/"), new Uri("https://stage-api.lemansplatform.com/api/"));
    private static readonly int[] SuccessCodes = [200, 201, 202, 203];

    /// <summary>
    /// The most pages one lookup reads. A scan stopped here has not seen the whole window, so it proves nothing; at PU's
    /// page sizes this is far more drop-ship orders than a dealer places in three days.
    /// </summary>
    public const int MaxLookupPages = 20;

    /// <summary>
    /// Days scanned either side of the submission day (UTC). PU dates orders in its own time zone, which can put an order
    /// placed late in the evening on the next or previous UTC day.
    /// </summary>
    public const int WindowDays = 1;

    public DistributorProfile Profile { get; } = new(
        Key,
        "Parts Unlimited",
        HasTestMode: true,
        [new CredentialField("dealerNumber", "Dealer number", IsSecret: false, MaxLength: 20, SentIn: CredentialTransport.Body), new CredentialField("apiKey", "API key", IsSecret: true)],
        // PO 20: a public client keeps PU PO numbers to 20 characters. PU publishes no address, part number (30) or shipping
        // method (20) limits: conservative values, assumption: confirm before go-live. No warehouse is sent.
        new OrderLimits(PoNumberMaxLength: 20, new ShipToLimits(Name: 35, Address: 35, City: 30, State: 2, PostalCode: 10, Phone: 15, Email: 100), PartNumberMaxLength: 30, ShipMethodMaxLength: 20, WarehouseMaxLength: 0,
            // line_items is a list (line_number 1, 2, ...); PU publishes no limit: 20, assumption: confirm before go-live.
            MaxLinesPerOrder: 20),
        ProbePartNumber: ProbePart)
    {
        // PU's drop-ship order listing carries one drop_ship_fee per order.
        FeeBasis = DropShipFeeBasis.PerOrder,
    };

    /// <summary>A part public clients use in their fixtures: verify and the go-live probe ask its stock.</summary>
    private const string ProbePart = "0101-3337";

    private DistributorEndpointOptions Options => endpoints.Get(Key);

    public IReadOnlyList<AnswerContract> AnswerContracts { get; } = [PartsUnlimitedAnswers.Order, PartsUnlimitedAnswers.Listing, PartsUnlimitedAnswers.Inventory, PartsUnlimitedAnswers.Pricing];

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
            order.Lines.Select((line, i) => new PuLineItem(i + 1, line.PartNumber, line.Quantity, 0, "USD", "")).ToList());

        var exchange = await SendAsync(client, Request(HttpMethod.Post, Options.BaseFor(account, Name), "orders/dropship", account, body),
            Options.OrderTimeout, cancellationToken, clock);
        switch (exchange)
        {
            case Exchange.Answered { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } a:
                return new PlaceOrderResult.Rejected(RejectionCode.InvalidCredentials, DistributorJson.TryParse<PuOrderResponse>(a.Body, DistributorJson.SnakeCase)?.StatusMessage ?? "Parts Unlimited rejected the API key.");
            case Exchange.Answered a when a.IsServerError:
                return new PlaceOrderResult.Ambiguous($"Parts Unlimited answered HTTP {(int)a.Status} to the order call.");
            case Exchange.Answered a:
                await answers.CheckAsync(account, PartsUnlimitedAnswers.Order, a, order.PoNumber, cancellationToken);
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
                // Public clients branch only on success (200-203) or not and show status_message. 402 and 409 as payment
                // and duplicate are assumptions (docs/distributors.md); any other code is a plain rejection in PU's words.
                var code = status switch
                {
                    401 or 403 => RejectionCode.InvalidCredentials,
                    402 => RejectionCode.PaymentProblem,
                    409 => RejectionCode.DuplicatePoNumber,
                    _ => RejectionCode.Other,
                };
                return new PlaceOrderResult.Rejected(code, message);
            default:
                return OrderNotAnswered(Name, exchange);
        }
    }

    /// <summary>
    /// Scans PU's drop-ship orders dated from the day before the submission to the day after, page by page, until the PO
    /// shows up or a page comes back empty. Only that complete scan proves PU does not have the PO. A page that fails is a
    /// failed lookup (never "not found"), and a scan that stops early (the page bound, or PU repeating a page because it
    /// ignores page_num) proves nothing. The PO number is sent too, in case PU honours it; nothing relies on it.
    /// </summary>
    public async Task<OrderLookup> LookUpOrderAsync(DistributorAccount account, PlacedOrderRef order, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(LookupClient(Key));
        var baseUrl = Options.BaseFor(account, Name);
        var submittedOn = DateOnly.FromDateTime(order.SubmittedAt.UtcDateTime);
        var (from, to) = (submittedOn.AddDays(-WindowDays), submittedOn.AddDays(WindowDays));
        var window = $"{Day(from)}..{Day(to)}";
        string? previousPage = null;
        for (var page = 1; page <= MaxLookupPages; page++)
        {
            var query = $"orders/dropship?date_start={Day(from)}&date_end={Day(to)}&page_num={page.ToString(CultureInfo.InvariantCulture)}" +
                        $"&order_type=DS&purchase_order_number={Uri.EscapeDataString(order.PoNumber)}";
            var exchange = await SendAsync(client, Request(HttpMethod.Get, baseUrl, query, account), Options.LookupTimeout, cancellationToken, clock);
            if (exchange is not Exchange.Answered { IsSuccess: true } ok)
            {
                var problem = LookupProblem(Name, exchange);
                return problem is OrderLookup.Failed failed ? failed with { Reason = $"{failed.Reason} (page {page} of the order scan)" } : problem;
            }

            await answers.CheckAsync(account, PartsUnlimitedAnswers.Listing, ok, order.PoNumber, cancellationToken);
            var list = DistributorJson.TryParse<PuOrderPage>(ok.Body, DistributorJson.SnakeCase);
            if (list?.StatusCode is 401 or 403) return new OrderLookup.Failed("Parts Unlimited refused the credentials.", InvalidCredentials: true);
            if (list?.StatusCode is { } status && !SuccessCodes.Contains(status))
                return new OrderLookup.Failed($"Parts Unlimited answered page {page} of the order scan with status {status}: {list.StatusMessage}");
            if (list?.Orders is not { } orders)
                return new OrderLookup.Failed($"Parts Unlimited answered page {page} of the order scan with something that is not an order list.");
            if (orders.Count == 0)
                return new OrderLookup.NotFound(ProvenAbsent: true,
                    $"Parts Unlimited lists no order with PO {order.PoNumber} among its drop-ship orders dated {window} ({page - 1} page(s) read to the end).");

            if (orders.FirstOrDefault(o => string.Equals(o.PurchaseOrderNumber?.Trim(), order.PoNumber, StringComparison.OrdinalIgnoreCase)) is { } match)
                return Found(match);

            var signature = string.Join("|", orders.Select(o => $"{o.ReferenceNumber}/{o.PurchaseOrderNumber}"));
            if (signature == previousPage)
                return new OrderLookup.NotFound(ProvenAbsent: false,
                    $"Parts Unlimited answered page {page} with the same orders as page {page - 1} (page_num ignored), so the orders dated {window} cannot be read to the end.");
            previousPage = signature;
        }
        return new OrderLookup.NotFound(ProvenAbsent: false,
            $"Parts Unlimited did not show PO {order.PoNumber} in the first {MaxLookupPages} pages of drop-ship orders dated {window}; the scan stopped there.");
    }

    public async Task<VerifyResult> VerifyAsync(DistributorAccount account, CancellationToken cancellationToken)
    {
        // A stock query for one well-known part: authenticated, cheap, places nothing.
        var client = httpClients.CreateClient(LookupClient(Key));
        var exchange = await SendAsync(client, Request(HttpMethod.Get, Options.BaseFor(account, Name), $"v1/parts/inventory/{ProbePart}", account),
            Options.LookupTimeout, cancellationToken, clock);
        return VerifyFrom(Name, exchange, a => DistributorJson.TryParse<PuOrderResponse>(a.Body, DistributorJson.SnakeCase)?.StatusCode is 401 or 403, clock);
    }

    /// <summary>
    /// Tracking is per line: each line_items[].shipped[] entry has a quantity, PU's carrier code and its tracking numbers.
    /// Entries naming the same tracking number are one package; its units are known only when every entry naming it
    /// names that number alone and states its quantity.
    /// </summary>
    private static OrderLookup.Found Found(PuOrder order)
    {
        var lines = order.LineItems ?? [];
        var shipped = lines.SelectMany(l => l.Shipped ?? []).ToList();
        var partOf = new Dictionary<PuShipped, string>(ReferenceEqualityComparer.Instance);
        foreach (var line in lines)
            foreach (var entry in line.Shipped ?? [])
                partOf[entry] = line.PartNumber?.Trim() ?? "";
        var packages = shipped
            .SelectMany(s => (s.TrackingNumbers ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => (Number: n.Trim(), Entry: s)))
            .GroupBy(p => p.Number, StringComparer.OrdinalIgnoreCase)
            .Select(package =>
            {
                var entries = package.Select(p => p.Entry).ToList();
                var known = entries.All(e => e.Quantity is not null && (e.TrackingNumbers ?? []).Count(n => !string.IsNullOrWhiteSpace(n)) == 1);
                var units = known ? entries.Sum(e => e.Quantity!.Value) : 0;
                // Each shipped[] entry belongs to its line: the package's lines are those entries' parts and quantities.
                var packageLines = known && units > 0
                    ? package.Where(p => p.Entry.Quantity > 0).GroupBy(p => partOf[p.Entry], StringComparer.OrdinalIgnoreCase)
                        .Where(g => g.Key.Length > 0).Select(g => new DropShipLine(g.Key, g.Sum(p => p.Entry.Quantity!.Value))).ToList()
                    : null;
                return new ShipmentInfo(
                    package.Key,
                    Carriers.Identify(entries.Select(e => e.ShippedVia).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)), package.Key),
                    entries.Select(e => ParseDate(e.ShipDate)).FirstOrDefault(d => d is not null),
                    units > 0 ? units : null,
                    packageLines);
            })
            .ToList();
        // Everything shipped when every line states its ordered quantity and shipped quantities that cover it.
        var complete = lines.Count > 0 && lines.All(l =>
            l.Ordered?.Quantity is { } ordered && (l.Shipped ?? []).All(s => s.Quantity is not null) && (l.Shipped ?? []).Sum(s => s.Quantity!.Value) >= ordered);
        return new OrderLookup.Found(order.ReferenceNumber is { Length: > 0 } reference ? [reference.Trim()] : [], packages, complete, order.StatusMessage);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date) ? date
        : DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dateTime) ? DateOnly.FromDateTime(dateTime) : null;

    private static HttpRequestMessage Request(HttpMethod method, Uri baseUrl, string path, DistributorAccount account, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Add("api-key", account.Secret("apiKey").Reveal());
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: DistributorJson.SnakeCase);
        return request;
    }
}
