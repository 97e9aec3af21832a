using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Feeds;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Eligibility;

/// <summary>
/// Decides whether order items can be drop-shipped, and with which distributor part. All rules are evaluated so the
/// dealer sees every reason at once. Used by the eligibility endpoints (one item or a whole order: the same path) and
/// again, on the server, by submit.
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

    /// <summary>Stock reads in flight at once for one request (an order may name hundreds of parts).</summary>
    private const int MaxConcurrentStockReads = 16;

    public async Task<EligibilityResult> EvaluateAsync(string storeId, ValidItem item, CancellationToken cancellationToken) =>
        (await EvaluateOrderAsync(storeId, ValidOrder.Of(item), cancellationToken)).Items[0];

    /// <summary>
    /// Every item of an order. The lookups do not depend on each other, so they all start at once: the store's
    /// connections (once), the order's claims (one query for all items), the PO numbers of the order's series, and the
    /// feed stock of every distinct part. The answer costs about one storage round trip of latency.
    /// </summary>
    /// <param name="accounts">The request's account reads, when the caller shares them (submit reads each account once for its
    /// live-stock question and its order call); else this evaluation's own.</param>
    /// <param name="checkSuggestions">False for a caller that names every PO number itself: the suggestions are then unchecked
    /// (which numbers the store has taken is not read), and only the claims of the order's named items are read.</param>
    public async Task<OrderEligibility> EvaluateOrderAsync(string storeId, ValidOrder order, CancellationToken cancellationToken,
        StoreAccounts? accounts = null, bool checkSuggestions = true)
    {
        var connectionsRead = connections.ListCachedAsync(storeId, cancellationToken);
        // Suggestions must avoid the numbers the order's other items hold; a caller that names every number needs only its own items' claims.
        var claimsRead = checkSuggestions
            ? purchaseOrders.ClaimsOfOrderAsync(storeId, order.OrderId, cancellationToken)
            : purchaseOrders.ClaimsOfItemsAsync(storeId, order.OrderId, order.Items.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var seriesRead = checkSuggestions ? poNumbers.SeriesAsync(storeId, order.OrderId, cancellationToken) : Task.FromResult(poNumbers.Unread(order.OrderId));
        var stockRead = StockOfAsync(order, cancellationToken);
        await Task.WhenAll(connectionsRead, claimsRead, seriesRead, stockRead);

        var storeConnections = await connectionsRead;
        var claims = await claimsRead;
        var snapshots = await stockRead;
        var configured = storeConnections.ToDictionary(c => c.Distributor, StringComparer.OrdinalIgnoreCase);
        // Only connections with a priority express a preference; the rest keep the order the parts were listed in.
        var preference = storeConnections.Where(c => c.Priority is not null).OrderBy(c => c.Priority).Select(c => c.Distributor).ToList();
        // Items without a PO get the first numbers of the series, in the order they were listed.
        var suggestionOrder = order.Items.OrderBy(i => claims.ContainsKey(i.ItemId) ? 1 : 0).ToList();
        var suggestions = (await seriesRead).Pick(order.Items.Count, claims.Values.ToHashSet(StringComparer.Ordinal));
        var suggested = suggestionOrder.Select((item, i) => (item.ItemId, Number: suggestions[i])).ToDictionary(s => s.ItemId, s => s.Number, StringComparer.Ordinal);

        var now = clock.GetUtcNow();
        var evaluated = order.Items.Select(item =>
        {
            var existingPo = claims.GetValueOrDefault(item.ItemId);
            return (Item: item, ExistingPo: existingPo, Rules: Evaluate(item, existingPo, configured, snapshots, now));
        }).ToList();
        // What the distributors say now, asked once for the whole order within the live stock time budget; where they say
        // nothing the feed figures stand.
        var withLive = await liveStock.AddToAsync(storeId, storeConnections, evaluated.Select(e => ((IReadOnlyList<EligibilityOption>)e.Rules.Options, e.Item.Quantity)).ToList(),
            accounts ?? connections.AccountsOf(storeId, cancellationToken), cancellationToken);
        var results = evaluated.Zip(withLive, (e, options) =>
        {
            var ranked = OptionRanking.Rank(options, preference);
            return new EligibilityResult(
                e.Item.ItemId,
                Eligible: e.Rules.Reasons.Count == 0 && ranked.Any(o => o.Eligible),
                e.Rules.Reasons,
                ranked,
                ranked.FirstOrDefault(o => o.Recommended),
                e.ExistingPo,
                suggested[e.Item.ItemId],
                PrefilledShipTo(e.Item));
        }).ToList();
        return new OrderEligibility(order.OrderId, results);
    }

    /// <summary>The item's rules and one option per distributor part, with its feed stock: a pure decision.</summary>
    private static (List<Reason> Reasons, List<EligibilityOption> Options) Evaluate(
        ValidItem item,
        string? existingPo,
        Dictionary<string, ConnectionView> configured,
        IReadOnlyDictionary<PartKey, StockSnapshot?> snapshots,
        DateTimeOffset now)
    {
        var reasons = ItemReasons(item, existingPo);
        var options = new List<EligibilityOption>();
        foreach (var (distributor, partNumber) in item.Parts)
        {
            var optionReasons = new List<Reason>();
            if (!configured.TryGetValue(distributor.Profile.Key, out var connection))
                optionReasons.Add(new(ReasonCodes.DistributorNotConfigured, $"{distributor.Profile.DisplayName} credentials are not configured for this store."));
            else if (connection.CredentialsRejected is { } rejected)
                optionReasons.Add(new(ReasonCodes.CredentialsRejected,
                    $"{distributor.Profile.DisplayName} refused this store's credentials on {rejected.At:u}: replace them before ordering through {distributor.Profile.DisplayName}."));
            var snapshot = snapshots[PartKey.Of(distributor, partNumber)];
            options.Add(new EligibilityOption(distributor.Profile.Key, distributor.Profile.DisplayName, partNumber,
                Eligible: reasons.Count == 0 && optionReasons.Count == 0, optionReasons, snapshot is null ? null : ToView(snapshot, now), false, null));
        }
        if (options.Count > 0 && options.All(o => o.Reasons.Any(r => r.Code == ReasonCodes.DistributorNotConfigured)))
            reasons.Add(new(ReasonCodes.DistributorNotConfigured, "None of the item's distributors is configured for this store."));

        return (reasons, options);
    }

    /// <summary>
    /// Whether the item passes the rules its request alone decides (catalog, order status, parts, lead time): what
    /// submit asks before it spends a live-stock question on the item ahead of the reads.
    /// </summary>
    public static bool PassesItsOwnRules(ValidItem item) => ItemReasons(item, existingPo: null).Count == 0;

    /// <summary>The item's own rules: the request's facts and whether a PO holds it already.</summary>
    private static List<Reason> ItemReasons(ValidItem item, string? existingPo)
    {
        var reasons = new List<Reason>();
        if (item.Catalog != Catalog.Aftermarket)
            reasons.Add(new(ReasonCodes.CatalogNotAftermarket, $"Only Aftermarket catalog items can be drop-shipped; this item is {item.Catalog}."));
        if (!string.Equals(item.OrderStatus, "New", StringComparison.OrdinalIgnoreCase))
            reasons.Add(new(ReasonCodes.OrderNotNew, $"Only New orders can be drop-shipped; this order is '{item.OrderStatus}'."));
        if (item.Parts.Count == 0)
            reasons.Add(new(ReasonCodes.NoDistributorPart, "The item has no distributor part number to order."));
        if (existingPo is not null)
            reasons.Add(new(ReasonCodes.PoAlreadyExists, $"Purchase order {existingPo} already exists for this item."));
        if (item.LeadTimeDays > MaxLeadTimeDays)
            reasons.Add(new(ReasonCodes.LeadTimeTooLong, $"Lead time is {item.LeadTimeDays} days; drop-ship needs {MaxLeadTimeDays} day or less."));
        return reasons;
    }

    /// <summary>The feed snapshot of every distinct part the order names, read concurrently (a part two items share is read once).</summary>
    private async Task<IReadOnlyDictionary<PartKey, StockSnapshot?>> StockOfAsync(ValidOrder order, CancellationToken cancellationToken)
    {
        var parts = order.Items.SelectMany(i => i.Parts).Select(p => PartKey.Of(p.Distributor, p.PartNumber)).Distinct().ToArray();
        StockSnapshot?[] found;
        if (parts.Length <= MaxConcurrentStockReads)
        {
            found = await Task.WhenAll(parts.Select(p => stock.FindAsync(p.Distributor, p.PartNumber, cancellationToken)));
        }
        else
        {
            found = new StockSnapshot?[parts.Length];
            await Parallel.ForAsync(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentStockReads, CancellationToken = cancellationToken },
                async (i, ct) => found[i] = await stock.FindAsync(parts[i].Distributor, parts[i].PartNumber, ct));
        }
        return parts.Select((part, i) => (part, found[i])).ToDictionary(p => p.part, p => p.Item2);
    }

    /// <summary>A distributor part as the stock index keys it: the distributor and the part number as the index keys it.</summary>
    private readonly record struct PartKey(string Distributor, string PartNumber)
    {
        public static PartKey Of(IDistributor distributor, string partNumber) => new(distributor.Profile.Key, PartNumbers.Normalize(partNumber));
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
