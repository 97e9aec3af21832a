using DropShip.Core.Common;
using DropShip.Core.Distributors.Answers;

namespace DropShip.Core.Distributors;

/// <summary>
/// One distributor behind one interface. Adding a distributor means one folder with an implementation of this
/// interface (and the rest of its <see cref="DistributorModule"/>) plus its line in <see cref="DistributorModules.All"/>.
/// </summary>
public interface IDistributor
{
    DistributorProfile Profile { get; }

    /// <summary>Places a drop-ship order. Never retried automatically: a repeat could order twice.</summary>
    Task<PlaceOrderResult> PlaceOrderAsync(DistributorAccount account, DropShipOrder order, CancellationToken cancellationToken);

    /// <summary>Looks a PO up: used by tracking and to reconcile a PO whose submission had no clear answer.</summary>
    Task<OrderLookup> LookUpOrderAsync(DistributorAccount account, PlacedOrderRef order, CancellationToken cancellationToken);

    /// <summary>A cheap authenticated call that places nothing, to check the credentials.</summary>
    Task<VerifyResult> VerifyAsync(DistributorAccount account, CancellationToken cancellationToken);

    /// <summary>
    /// What the adapter (and its live stock) reads in each answer, with the documented forms: the go-live probe reports them,
    /// including those of calls it never makes (an order answer's form is seen only when an order is placed).
    /// </summary>
    IReadOnlyList<AnswerContract> AnswerContracts => [];
}

/// <summary>What a distributor asks for and accepts. <paramref name="Key"/> is the route value, e.g. "wps".</summary>
/// <param name="ProbePartNumber">The part the go-live probe asks live stock for when the caller names none (a part public
/// clients use); null: the caller must name one.</param>
public sealed record DistributorProfile(
    string Key,
    string DisplayName,
    bool HasTestMode,
    IReadOnlyList<CredentialField> CredentialFields,
    OrderLimits Limits,
    string? ProbePartNumber = null)
{
    /// <summary>How the distributor charges its drop-ship fee, as far as the evidence shows.</summary>
    public DropShipFeeBasis FeeBasis { get; init; } = DropShipFeeBasis.Unknown;
}

/// <summary>Whether a distributor's drop-ship fee is charged per order or per item: what grouping items can save.</summary>
public enum DropShipFeeBasis
{
    /// <summary>Nothing public says: fees are shown as the distributor lists them, and nothing is claimed as saved.</summary>
    Unknown,
    /// <summary>One fee per distributor order: grouping N items saves N - 1 fees.</summary>
    PerOrder,
}

/// <param name="Name">The JSON name in a connection's "credentials" object.</param>
/// <param name="IsSecret">Secrets are encrypted or kept in Key Vault and never returned; others (account numbers) are shown.</param>
/// <param name="SentIn">Where the value travels: it decides which characters a saved value may have, so a value that
/// cannot work is refused when the dealer saves it rather than at the first order.</param>
public sealed record CredentialField(string Name, string Label, bool IsSecret, int MaxLength = 200, CredentialTransport SentIn = CredentialTransport.Header)
{
    public TextRule Rule => SentIn == CredentialTransport.Body ? TextRule.PrintableAscii : TextRule.HeaderToken;
}

public enum CredentialTransport
{
    /// <summary>An HTTP header (bearer token, api-key header): visible ASCII, no spaces.</summary>
    Header,
    /// <summary>
    /// A query-string parameter, percent-escaped by the adapter: visible ASCII without spaces, since a space or a non-ASCII
    /// character could be decoded differently on the other side (as '+' or in another encoding) and never match.
    /// </summary>
    QueryString,
    /// <summary>A JSON body field: printable ASCII.</summary>
    Body,
}

/// <summary>
/// The distributor's limits on everything we send it: each field has a limit (where the distributor states none, the
/// adapter picks a conservative one and says so), and <see cref="Text"/> is the rule for the characters of every text field.
/// </summary>
/// <param name="PartNumberMaxLength">The distributor part number (item/SKU).</param>
/// <param name="ShipMethodMaxLength">A ship method or carrier code, from the submit or the store's default.</param>
/// <param name="WarehouseMaxLength">A warehouse code (the store's default warehouse).</param>
/// <param name="AsciiOnly">Only printable ASCII reaches the distributor (its protocol is not known to be UTF-8 safe).</param>
/// <param name="ReservedCharacters">Characters the distributor's protocol gives meaning to (its order line or query
/// string separators), refused in every field we send it.</param>
/// <param name="PartNumberCharacters">Where the distributor's item numbers have a narrower alphabet than its other text.</param>
/// <param name="MaxLinesPerOrder">The most lines (items) one distributor order may carry; 1 (the default) where nothing shows
/// the distributor takes several in one order, so an adapter that reads only the first line is never sent more.</param>
public sealed record OrderLimits(
    int PoNumberMaxLength,
    ShipToLimits ShipTo,
    int PartNumberMaxLength,
    int ShipMethodMaxLength,
    int WarehouseMaxLength,
    bool AsciiOnly = false,
    string ReservedCharacters = "",
    TextRule? PartNumberCharacters = null,
    int MaxQuantity = 999,
    int MaxLinesPerOrder = 1)
{
    /// <summary>The rule for every text field sent to this distributor.</summary>
    public TextRule Text => (AsciiOnly ? TextRule.PrintableAscii : TextRule.Plain).Without(ReservedCharacters);

    /// <summary>
    /// Part numbers: the distributor's own alphabet where it has one, else printable ASCII (they are matched against feeds
    /// and typed by people) less the distributor's separators.
    /// </summary>
    public TextRule PartNumber => PartNumberCharacters ?? TextRule.PrintableAscii.Without(ReservedCharacters);
}

public sealed record ShipToLimits(int Name, int Address, int City, int State, int PostalCode, int Phone, int Email);

/// <summary>A store's connection to a distributor with its credentials, ready for one call.</summary>
public sealed record DistributorAccount(
    string StoreId,
    string Distributor,
    bool TestMode,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, Secret> Secrets,
    ConnectionDefaults Defaults)
{
    public string Setting(string name) => Settings.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"Connection setting '{name}' is missing.");

    public Secret Secret(string name) => Secrets.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"Connection secret '{name}' is missing.");

    /// <summary>When the distributor refused these credentials; null while they work. Tracking does not call with refused credentials.</summary>
    public DateTimeOffset? CredentialsRejectedAt { get; init; }
}

public sealed record ConnectionDefaults(string? ShipMethod, string? Warehouse);

/// <summary>The order as the distributor needs it: one line, or the several of <see cref="Lines"/>.</summary>
/// <param name="PartNumber">The first line's part (the only one of a one-line order).</param>
/// <param name="AllowBackorder">The dealer accepts a backorder; sent where the distributor's API has such a setting.</param>
public sealed record DropShipOrder(string PoNumber, string PartNumber, int Quantity, ShipTo ShipTo, string? ShipMethod, string? Warehouse, bool AllowBackorder = false)
{
    private readonly IReadOnlyList<DropShipLine> lines = [];

    /// <summary>Every line, in order; never more than the distributor's OrderLimits.MaxLinesPerOrder.</summary>
    public IReadOnlyList<DropShipLine> Lines
    {
        get => lines.Count > 0 ? lines : [new DropShipLine(PartNumber, Quantity)];
        init => lines = value;
    }
}

public sealed record DropShipLine(string PartNumber, int Quantity);

/// <summary>Enough to find a placed order again.</summary>
public sealed record PlacedOrderRef(string PoNumber, DateTimeOffset SubmittedAt, IReadOnlyList<string> DistributorOrderNumbers);

public abstract record PlaceOrderResult
{
    private PlaceOrderResult() { }

    /// <param name="OrderNumbers">The distributor's own ids for the order (WPS order number, PU reference number...).</param>
    public sealed record Accepted(IReadOnlyList<string> OrderNumbers) : PlaceOrderResult;

    /// <summary>The distributor said no: nothing was ordered.</summary>
    public sealed record Rejected(RejectionCode Code, string Message) : PlaceOrderResult;

    /// <summary>No clear answer (timeout, 5xx after the order call): the order may or may not exist.</summary>
    public sealed record Ambiguous(string Reason) : PlaceOrderResult;
}

public enum RejectionCode { InvalidCredentials, InvalidPart, PaymentProblem, DuplicatePoNumber, Unavailable, Other }

public abstract record OrderLookup
{
    private OrderLookup() { }

    /// <param name="Complete">The distributor says everything has shipped (or the order is closed).</param>
    public sealed record Found(IReadOnlyList<string> OrderNumbers, IReadOnlyList<ShipmentInfo> Shipments, bool Complete, string? DistributorStatus) : OrderLookup;

    /// <summary>
    /// The lookup did not show the PO. <paramref name="ProvenAbsent"/>: the distributor positively showed it does not have
    /// it (a definitive "no such order" for this PO number, or a complete scan of the submission window); false: the
    /// answer proves nothing (window not fully scanned, filter ignored, an empty page that may be late).
    /// </summary>
    public sealed record NotFound(bool ProvenAbsent, string Detail) : OrderLookup;

    /// <summary>Throttled (429): try again after <paramref name="RetryAfter"/> when given.</summary>
    public sealed record RateLimited(TimeSpan? RetryAfter) : OrderLookup;

    /// <summary>Could not get an answer this time (network, 5xx, bad credentials).</summary>
    public sealed record Failed(string Reason, bool InvalidCredentials = false) : OrderLookup;
}

/// <param name="Quantity">Units in this package when the distributor states them; null when it does not (never guessed as 0).</param>
/// <param name="Lines">Which parts and units the package carries, where the distributor says so (part numbers as it shows them); null when it does not.</param>
public sealed record ShipmentInfo(string TrackingNumber, string Carrier, DateOnly? ShipDate, int? Quantity, IReadOnlyList<DropShipLine>? Lines = null);

/// <summary><see cref="RateLimited"/>: the distributor throttled the credentials, or their shared call budget is spent; the
/// message says until when.</summary>
public enum VerifyOutcome { Ok, InvalidCredentials, Unreachable, RateLimited }

public sealed record VerifyResult(VerifyOutcome Outcome, string Message);
