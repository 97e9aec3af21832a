using DropShip.Core.Common;

namespace DropShip.Core.Distributors;

/// <summary>
/// One distributor behind one interface. Adding a distributor means one folder with an implementation of this
/// interface plus one registration line (AddDistributor in DropShipCoreRegistration).
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
}

/// <summary>What a distributor asks for and accepts. <paramref name="Key"/> is the route value, e.g. "wps".</summary>
public sealed record DistributorProfile(
    string Key,
    string DisplayName,
    bool HasTestMode,
    IReadOnlyList<CredentialField> CredentialFields,
    OrderLimits Limits);

/// <param name="Name">The JSON name in a connection's "credentials" object.</param>
/// <param name="IsSecret">Secrets are encrypted or kept in Key Vault and never returned; others (account numbers) are shown.</param>
public sealed record CredentialField(string Name, string Label, bool IsSecret, int MaxLength = 200);

/// <summary>The distributor's limits on what we send (where a distributor publishes none, the adapter's conservative choice).</summary>
public sealed record OrderLimits(int PoNumberMaxLength, ShipToLimits ShipTo, int MaxQuantity = 999);

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
}

public sealed record ConnectionDefaults(string? ShipMethod, string? Warehouse);

/// <summary>The order as the distributor needs it.</summary>
/// <param name="AllowBackorder">The dealer accepts a backorder; sent where the distributor's API has such a setting.</param>
public sealed record DropShipOrder(string PoNumber, string PartNumber, int Quantity, ShipTo ShipTo, string? ShipMethod, string? Warehouse, bool AllowBackorder = false);

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
public sealed record ShipmentInfo(string TrackingNumber, string Carrier, DateOnly? ShipDate, int? Quantity);

public enum VerifyOutcome { Ok, InvalidCredentials, Unreachable }

public sealed record VerifyResult(VerifyOutcome Outcome, string Message);
