using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Feeds;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Eligibility;

/// <summary>
/// Decides whether an order item can be drop-shipped, and with which distributor part. All rules are evaluated so the
/// dealer sees every reason at once. Used by the eligibility endpoint and again, on the server, by submit.
/// </summary>
public sealed class EligibilityService(
    DistributorConnections connections,
    PurchaseOrderStore purchaseOrders,
    IStockLookup stock,
    LiveStock liveStock,
    PoNumberSuggester poNumbers,
    TimeProvider clock)
{
    public const int MaxLeadTimeDays = 1;

    public async Task<EligibilityResult> EvaluateAsync(string storeId, ValidItem item, CancellationToken cancellationToken)
    {
        var reasons = new List<Reason>();
        if (item.Catalog != Catalog.Aftermarket)
            reasons.Add(new(ReasonCodes.CatalogNotAftermarket, $"Only Aftermarket catalog items can be drop-shipped; this item is {item.Catalog}."));
        if (!string.Equals(item.OrderStatus, "New", StringComparison.OrdinalIgnoreCase))
            reasons.Add(new(ReasonCodes.OrderNotNew, $"Only New orders can be drop-shipped; this order is '{item.OrderStatus}'."));
        if (item.Parts.Count == 0)
            reasons.Add(new(ReasonCodes.NoDistributorPart, "The item has no distributor part number to order."));
        var existingPo = await purchaseOrders.FindClaimAsync(storeId, item.OrderId, item.ItemId, cancellationToken);
        if (existingPo is not null)
            reasons.Add(new(ReasonCodes.PoAlreadyExists, $"Purchase order {existingPo} already exists for this item."));
        if (item.LeadTimeDays > MaxLeadTimeDays)
            reasons.Add(new(ReasonCodes.LeadTimeTooLong, $"Lead time is {item.LeadTimeDays} days; drop-ship needs {MaxLeadTimeDays} day or less."));

        var storeConnections = await connections.ListAsync(storeId, cancellationToken);
        var configured = storeConnections.Select(c => c.Distributor).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Only connections with a priority express a preference; the rest keep the order the parts were listed in.
        var preference = storeConnections.Where(c => c.Priority is not null).OrderBy(c => c.Priority).Select(c => c.Distributor).ToList();
        var now = clock.GetUtcNow();
        var options = new List<EligibilityOption>();
        foreach (var (distributor, partNumber) in item.Parts)
        {
            var optionReasons = new List<Reason>();
            if (!configured.Contains(distributor.Profile.Key))
                optionReasons.Add(new(ReasonCodes.DistributorNotConfigured, $"{distributor.Profile.DisplayName} credentials are not configured for this store."));
            var snapshot = await stock.FindAsync(distributor.Profile.Key, partNumber, cancellationToken);
            options.Add(new EligibilityOption(distributor.Profile.Key, distributor.Profile.DisplayName, partNumber,
                Eligible: reasons.Count == 0 && optionReasons.Count == 0, optionReasons, snapshot is null ? null : ToView(snapshot, now), false, null));
        }
        if (options.Count > 0 && options.All(o => o.Reasons.Any(r => r.Code == ReasonCodes.DistributorNotConfigured)))
            reasons.Add(new(ReasonCodes.DistributorNotConfigured, "None of the item's distributors is configured for this store."));

        var ranked = OptionRanking.Rank(await liveStock.AddToAsync(storeId, storeConnections, options, item.Quantity, cancellationToken), preference);
        return new EligibilityResult(
            Eligible: reasons.Count == 0 && ranked.Any(o => o.Eligible),
            reasons,
            ranked,
            ranked.FirstOrDefault(o => o.Recommended),
            existingPo,
            await poNumbers.SuggestAsync(storeId, item.OrderId, cancellationToken),
            PrefilledShipTo(item));
    }

    /// <summary>The order's ship-to, tidied: trimmed, state upper-case, country defaulting to US, email from the customer.</summary>
    public static ShipTo PrefilledShipTo(ValidItem item)
    {
        var source = item.ShipTo ?? new ShipTo();
        return new ShipTo
        {
            Name = Tidy(source.Name) ?? Tidy(item.Customer?.Name),
            Company = Tidy(source.Company),
            Address1 = Tidy(source.Address1),
            Address2 = Tidy(source.Address2),
            City = Tidy(source.City),
            State = Tidy(source.State)?.ToUpperInvariant(),
            PostalCode = Tidy(source.PostalCode),
            Country = Tidy(source.Country)?.ToUpperInvariant() ?? "US",
            Phone = Tidy(source.Phone) ?? Tidy(item.Customer?.Phone),
            Email = Tidy(source.Email) ?? Tidy(item.Customer?.Email),
        };
    }

    private static string? Tidy(string? value) => string.IsNullOrWhiteSpace(value) ? null : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static StockView ToView(StockSnapshot snapshot, DateTimeOffset now) => new(
        snapshot.Quantity, snapshot.QuantityIsFloor, snapshot.DealerCost, snapshot.Retail, snapshot.Availability.ToString(), snapshot.AsOf,
        Math.Round((now - snapshot.AsOf).TotalHours, 1));
}
