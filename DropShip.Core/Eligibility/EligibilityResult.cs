using DropShip.Core.Common;

namespace DropShip.Core.Eligibility;

/// <summary>A failed rule: a stable code for programs and a message for the dealer.</summary>
public sealed record Reason(string Code, string Message);

public static class ReasonCodes
{
    public const string CatalogNotAftermarket = "CATALOG_NOT_AFTERMARKET";
    public const string OrderNotNew = "ORDER_NOT_NEW";
    public const string NoDistributorPart = "NO_DISTRIBUTOR_PART";
    public const string DistributorNotConfigured = "DISTRIBUTOR_NOT_CONFIGURED";
    public const string PoAlreadyExists = "PO_ALREADY_EXISTS";
    public const string LeadTimeTooLong = "LEAD_TIME_TOO_LONG";
    /// <summary>The distributor refused the store's credentials: replace them before ordering through it.</summary>
    public const string CredentialsRejected = "CREDENTIALS_REJECTED";
}

/// <param name="Stock">Last known stock and cost from the morning feed, with its age; null when no feed has listed the part.</param>
/// <param name="Live">What the distributor says now (eligible options of configured distributors, when live stock is on).</param>
public sealed record EligibilityOption(
    string Distributor,
    string DistributorName,
    string PartNumber,
    bool Eligible,
    IReadOnlyList<Reason> Reasons,
    StockView? Stock,
    bool Recommended,
    string? RecommendationReason,
    LiveStockView? Live = null);

public sealed record StockView(int Quantity, bool QuantityIsFloor, decimal? DealerCost, decimal? Retail, string Availability, DateTimeOffset AsOf, double AgeHours);

/// <param name="ItemId">The order item this answers for (a whole-order answer lists one per item, in the request's order).</param>
public sealed record EligibilityResult(
    string ItemId,
    bool Eligible,
    IReadOnlyList<Reason> Reasons,
    IReadOnlyList<EligibilityOption> Options,
    EligibilityOption? Recommended,
    string? ExistingPoNumber,
    string SuggestedPoNumber,
    ShipTo ShipTo);

/// <summary>The answer for a whole order: one result per item, in the order the request listed them.</summary>
public sealed record OrderEligibility(string OrderId, IReadOnlyList<EligibilityResult> Items);
