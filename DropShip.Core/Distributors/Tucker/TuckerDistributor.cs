using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using DropShip.Core.Common;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.Tucker;

/// <summary>
/// Tucker Rocky (Tucker Powersports) TRWS: every call is a GET on one path with the operation in type= (ORD order, SHP
/// shipments, INV stock) and the credentials in the query string (apikey, cust). Errors come back as HTTP 200 with a status
/// other than SUCCESSFUL. Test mode uses apitest.tucker.com.
/// The API key is in the URL, so: requests are logged without their query (DistributorHttpLogger), no URL is ever put in a
/// message, exception or stored value, and any text Tucker sends back is scrubbed of the key before it goes anywhere.
/// ORD travels on the order client (never retried) and is also marked not retryable, since it is a GET.
/// </summary>
public sealed partial class TuckerDistributor(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints, TimeProvider clock, AnswerProblemLog answers) : IDistributor
{
    public const string Key = "tucker-rocky";
    internal const string Name = "Tucker Rocky";
    private const string Successful = "SUCCESSFUL";
    public static readonly DistributorHosts Hosts = new(new Uri("https://api.tucker.com/bin/trws"), new Uri("https://apitest.tucker.com/bin/trws"));

    /// <summary>Any item number will do for verify: a stock answer, even "unknown item", proves TRWS accepted the key.</summary>
    private const string VerifyItem = "100000";

    public DistributorProfile Profile { get; } = new(
        Key,
        "Tucker Rocky",
        HasTestMode: true,
        [new CredentialField("customerNumber", "Customer number", IsSecret: false, MaxLength: 20, SentIn: CredentialTransport.QueryString), new CredentialField("apiKey", "API key", IsSecret: true, SentIn: CredentialTransport.QueryString)],
        // TRWS documents no limits at all. These are conservative guesses (assumption: confirm before go-live): PO 20 (what PU
        // states, our shortest known), name and address lines 30 (WPS's documented drop-ship limit), city 20, state 2, ZIP 10
        // (ZIP+4), item 20 letters, digits and dashes (what ItemNumber sends), carrier code 4 ("UG"). Phone and email are not
        // sent, nor a warehouse. Everything travels in one query string whose order line is "item,qty": printable ASCII only,
        // and none of the characters a line or query string gives meaning to.
        new OrderLimits(PoNumberMaxLength: 20, new ShipToLimits(Name: 30, Address: 30, City: 20, State: 2, PostalCode: 10, Phone: 15, Email: 50), PartNumberMaxLength: 20, ShipMethodMaxLength: 4, WarehouseMaxLength: 0, AsciiOnly: true, ReservedCharacters: ",&=+%#;?", PartNumberCharacters: TextRule.LettersDigitsAndDash,
            // ORD takes repeated line= parameters; TRWS publishes no limit and the whole order is one URL: 20, assumption: confirm before go-live.
            MaxLinesPerOrder: 20),
        ProbePartNumber: VerifyItem);

    private DistributorEndpointOptions Options => endpoints.Get(Key);

    public IReadOnlyList<AnswerContract> AnswerContracts { get; } = [TuckerAnswers.Order, TuckerAnswers.Shipments, TuckerAnswers.Stock];

    public async Task<PlaceOrderResult> PlaceOrderAsync(DistributorAccount account, DropShipOrder order, CancellationToken cancellationToken)
    {
        var orderLines = new List<(string Name, string Value)>();
        foreach (var line in order.Lines)
        {
            if (ItemNumber(line.PartNumber) is not { } item)
                return new PlaceOrderResult.Rejected(RejectionCode.InvalidPart,
                    $"Part number '{line.PartNumber}' cannot be sent to Tucker Rocky: its item numbers are letters and digits (dashes are dropped). Nothing was sent.");
            // One repeated line=<item>,<qty> per line, as public clients send several.
            orderLines.Add(("line", $"{item},{line.Quantity.ToString(CultureInfo.InvariantCulture)}"));
        }
        var request = Request(account, "ORD", retryable: false, [
            ("name", order.ShipTo.Name!),
            ("address1", order.ShipTo.Address1!),
            ("address2", order.ShipTo.Address2 ?? ""),
            ("city", order.ShipTo.City!),
            ("state", order.ShipTo.State!),
            ("zip", order.ShipTo.PostalCode!),
            ("po", order.PoNumber),
            // Never let Tucker accept a PO number twice: a repeat must fail, not order again.
            ("allowduplicatepo", "NO"),
            ("carrier", order.ShipMethod ?? account.Defaults.ShipMethod ?? "UG"),
            ("splitlines", "YES"),
            ("submit", "YES"),
            .. orderLines]);

        var exchange = await SendAsync(httpClients.CreateClient(OrderClient(Key)), request, Options.OrderTimeout, cancellationToken, clock);
        switch (exchange)
        {
            case Exchange.Answered { IsSuccess: true } ok:
                await answers.CheckAsync(account, TuckerAnswers.Order, ok, order.PoNumber, cancellationToken);
                var answer = TuckerJson.Section<TuckerOrderAnswer>(ok.Body, "ORD");
                if (answer is null)
                    return new PlaceOrderResult.Ambiguous("Tucker Rocky answered the order call with something that is not a TRWS answer.");
                // A public client takes SUCCESSFUL alone as an accepted order and reads no order number: the PO number is the
                // reference (SHP is looked up by it). An order number, when TRWS sends one, is kept.
                if (IsSuccessful(answer.Status))
                    return new PlaceOrderResult.Accepted(answer.OrderOutput?.OrderNumber is { Length: > 0 } number ? [number.Trim()] : []);
                return Rejection(answer, account);
            case Exchange.Answered a when a.IsServerError:
                return new PlaceOrderResult.Ambiguous($"Tucker Rocky answered HTTP {(int)a.Status} to the order call.");
            case Exchange.Answered { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden }:
                return new PlaceOrderResult.Rejected(RejectionCode.InvalidCredentials, "Tucker Rocky refused the API key or customer number.");
            case Exchange.Answered { Status: HttpStatusCode.TooManyRequests }:
                return new PlaceOrderResult.Rejected(RejectionCode.Unavailable, "Tucker Rocky is rate limiting; nothing was ordered. Try again later.");
            case Exchange.Answered a:
                return TuckerJson.Section<TuckerOrderAnswer>(a.Body, "ORD") is { } failed && !IsSuccessful(failed.Status)
                    ? Rejection(failed, account)
                    : new PlaceOrderResult.Rejected(RejectionCode.Other, $"Tucker Rocky answered HTTP {(int)a.Status}; nothing was ordered.");
            default:
                return OrderNotAnswered(Name, exchange);
        }
    }

    public async Task<OrderLookup> LookUpOrderAsync(DistributorAccount account, PlacedOrderRef order, CancellationToken cancellationToken)
    {
        var exchange = await SendAsync(httpClients.CreateClient(LookupClient(Key)), Request(account, "SHP", retryable: true, ("po", order.PoNumber)),
            Options.LookupTimeout, cancellationToken, clock);
        if (exchange is not Exchange.Answered { IsSuccess: true } ok) return LookupProblem(Name, exchange);

        await answers.CheckAsync(account, TuckerAnswers.Shipments, ok, order.PoNumber, cancellationToken);
        var answer = TuckerJson.Section<TuckerShipmentAnswer>(ok.Body, "SHP");
        if (answer is null) return new OrderLookup.Failed("Tucker Rocky answered the shipment lookup with something that is not a TRWS answer.");
        if (!IsSuccessful(answer.Status))
        {
            var message = Scrub(answer.ErrorMsg, account);
            if (IsCredentialMessage(message)) return new OrderLookup.Failed("Tucker Rocky refused the API key or customer number.", InvalidCredentials: true);
            // SHP lists shipments: nothing public says whether an accepted order that has not shipped is listed, so "no
            // order" may only mean "nothing shipped yet" and never proves the order does not exist.
            if (IsNoOrderMessage(message))
                return new OrderLookup.NotFound(ProvenAbsent: false, $"Tucker Rocky's shipment lookup shows nothing for PO {order.PoNumber} ({message}).");
            return new OrderLookup.Failed($"Tucker Rocky: {(message.Length > 0 ? message : "the shipment lookup failed")}.");
        }

        // One ShipmentInfo per tracking number: entries sharing a tracking number are the items of one package.
        var entries = answer.Shipment ?? [];
        var packages = entries
            .Where(s => !string.IsNullOrWhiteSpace(s.TrackingNumber))
            .GroupBy(s => s.TrackingNumber!.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(package => new ShipmentInfo(
                package.Key,
                Carriers.Identify(package.Select(s => s.Carrier).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)), package.Key),
                package.Select(s => ParseDate(s.ShipDate)).FirstOrDefault(d => d is not null),
                Units(package),
                Lines(package)))
            .ToList();
        var orderNumbers = order.DistributorOrderNumbers
            .Concat(entries.Select(s => s.OrderNumber?.Trim()).OfType<string>().Where(n => n.Length > 0))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        // SHP does not say whether everything has shipped: Complete stays false and the tracker compares the units shipped
        // (summed per package above) with the PO's quantity.
        return new OrderLookup.Found(orderNumbers, packages, Complete: false,
            packages.Count == 0 ? "NOT SHIPPED" : $"{packages.Count} PACKAGE{(packages.Count == 1 ? "" : "S")} SHIPPED");
    }

    public async Task<VerifyResult> VerifyAsync(DistributorAccount account, CancellationToken cancellationToken)
    {
        // A stock query (INV) for one item: authenticated, cheap, places nothing.
        var exchange = await SendAsync(httpClients.CreateClient(LookupClient(Key)), Request(account, "INV", retryable: true, ("item", VerifyItem)),
            Options.LookupTimeout, cancellationToken, clock);
        return VerifyFrom(Name, exchange, a => TuckerJson.Section<TuckerStatus>(a.Body, "INV") is { } status
            && !IsSuccessful(status.Status) && IsCredentialMessage(status.ErrorMsg), clock);
    }

    /// <summary>
    /// The TRWS item number of a part: dashes dropped (12-3456 is item 123456), then letters and digits only, as Tucker's
    /// item master numbers are (e.g. BA0006). Null for anything else: TRWS splits line=item,qty on commas and the query on
    /// '&amp;', ';' and '=', so any other character could add a field to the order line. Such a part is refused, never escaped.
    /// </summary>
    internal static string? ItemNumber(string partNumber) =>
        partNumber.Replace("-", "", StringComparison.Ordinal).Trim() is var item && ItemPattern().IsMatch(item) ? item : null;

    [GeneratedRegex("^[A-Za-z0-9]{1,20}\\z")]
    private static partial Regex ItemPattern();

    /// <summary>The units in one package: the entries' qty added up, or null when any entry leaves it out.</summary>
    private static int? Units(IEnumerable<TuckerShipment> entries)
    {
        var total = 0;
        foreach (var entry in entries)
        {
            if (!int.TryParse(entry.Qty, NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity) || quantity < 0) return null;
            total += quantity;
        }
        return total > 0 ? total : null;
    }

    /// <summary>The package's lines: SHP lists one entry per item in a package, each with its qty; null when any entry leaves the item or qty out.</summary>
    private static List<DropShipLine>? Lines(IEnumerable<TuckerShipment> entries)
    {
        var lines = new List<DropShipLine>();
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Item) || !int.TryParse(entry.Qty, NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity) || quantity < 0) return null;
            if (quantity > 0) lines.Add(new DropShipLine(entry.Item.Trim(), quantity));
        }
        return lines.Count > 0 ? lines : null;
    }

    private static bool IsSuccessful(string? status) => string.Equals(status?.Trim(), Successful, StringComparison.OrdinalIgnoreCase);

    private static PlaceOrderResult.Rejected Rejection(TuckerOrderAnswer answer, DistributorAccount account)
    {
        var lineErrors = (answer.OrderInput?.OrderLine ?? [])
            .Where(l => !string.IsNullOrWhiteSpace(l.ErrorMsg))
            .Select(l => string.IsNullOrWhiteSpace(l.Item) ? l.ErrorMsg!.Trim() : $"{l.Item.Trim()}: {l.ErrorMsg!.Trim()}")
            .ToList();
        var parts = new[] { answer.ErrorMsg?.Trim() }.Concat(lineErrors).Where(m => !string.IsNullOrEmpty(m)).Distinct().ToList();
        var message = Scrub(parts.Count > 0 ? string.Join("; ", parts) : $"Tucker Rocky answered status {answer.Status ?? "(none)"}.", account);
        var text = message.ToLowerInvariant();
        var code =
            IsCredentialMessage(message) ? RejectionCode.InvalidCredentials
            : text.Contains("duplicate", StringComparison.Ordinal) ? RejectionCode.DuplicatePoNumber
            : ClassifyMessage(message) == RejectionCode.PaymentProblem || text.Contains("declined", StringComparison.Ordinal) ? RejectionCode.PaymentProblem
            // Per-line errors are about the line's item (unknown, discontinued, not orderable).
            : lineErrors.Count > 0 ? RejectionCode.InvalidPart
            : ClassifyMessage(message);
        return new PlaceOrderResult.Rejected(code, message);
    }

    private static bool IsCredentialMessage(string? message)
    {
        var text = message?.ToLowerInvariant() ?? "";
        return text.Contains("api key", StringComparison.Ordinal) || text.Contains("apikey", StringComparison.Ordinal)
            || text.Contains("customer number", StringComparison.Ordinal) || text.Contains("invalid cust", StringComparison.Ordinal);
    }

    private static bool IsNoOrderMessage(string message)
    {
        var text = message.ToLowerInvariant();
        return text.Contains("no order", StringComparison.Ordinal) || text.Contains("not found", StringComparison.Ordinal);
    }

    /// <summary>Tucker's own texts go into results, the audit trail and the PO timeline: never let one echo the key.</summary>
    private static string Scrub(string? text, DistributorAccount account)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var key = account.Secret("apiKey").Reveal();
        if (key.Length == 0) return text;
        return text.Replace(key, "[redacted]", StringComparison.OrdinalIgnoreCase)
            .Replace(Uri.EscapeDataString(key), "[redacted]", StringComparison.OrdinalIgnoreCase);
    }

    private HttpRequestMessage Request(DistributorAccount account, string type, bool retryable, params (string Name, string Value)[] parameters) =>
        TrwsRequest(Options.BaseFor(account, Name), account, type, retryable, parameters);

    /// <summary>
    /// A TRWS GET: credentials, output=JSON and the operation first, then the operation's parameters, all escaped. In the
    /// adapter's own limiter partition (store + account + environment), which live stock shares.
    /// </summary>
    internal static HttpRequestMessage TrwsRequest(Uri baseUrl, DistributorAccount account, string type, bool retryable, IEnumerable<(string Name, string Value)> parameters)
    {
        var query = new StringBuilder();
        void Add(string name, string value) =>
            query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        Add("apikey", account.Secret("apiKey").Reveal());
        Add("cust", account.Setting("customerNumber"));
        Add("output", "JSON");
        Add("type", type);
        foreach (var (name, value) in parameters) Add(name, value);

        var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(baseUrl) { Query = query.ToString() }.Uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request.ForAccount(account, "type=" + type, retryable);
    }

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), ["MM/dd/yyyy", "M/d/yyyy", "yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
