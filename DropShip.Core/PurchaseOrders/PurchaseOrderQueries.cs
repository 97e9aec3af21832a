using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.PurchaseOrders;

/// <summary>Raw query-string values of the PO search, validated here so every caller gets the same 400s.</summary>
/// <param name="ItemId">An order item (with <paramref name="OrderId"/>): the PO that holds it, one-line or not.</param>
public sealed record PurchaseOrderSearch(string? PoNumber, string? OrderId, string? Distributor, string? Shipped, string? Status, string? PageSize, string? ContinuationToken, string? ItemId = null);

public sealed record PurchaseOrderDetails(PurchaseOrder Po, IReadOnlyList<TimelineEntry> Timeline);

public abstract record SearchOutcome
{
    private SearchOutcome() { }
    public sealed record Found(Page<PurchaseOrderSummary> Page) : SearchOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SearchOutcome;
}

/// <summary>Search, page and read POs of one store.</summary>
public sealed class PurchaseOrderQueries(PurchaseOrderStore store, DistributorRegistry distributors)
{
    public async Task<SearchOutcome> SearchAsync(string storeId, PurchaseOrderSearch search, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var poNumber = PoNumbers.Validate("poNumber", search.PoNumber, errors, required: false);
        var orderId = errors.Text("orderId", search.OrderId, Eligibility.ValidItem.MaxIdLength, required: false);
        var itemId = errors.Text("itemId", search.ItemId, Eligibility.ValidItem.MaxIdLength, required: false);
        // Item ids are unique within an order only: the item's claim (keyed by order and item) names its PO.
        if (itemId is not null && orderId is null && search.OrderId is null)
            errors.Add("itemId", ErrorCodes.Required, "itemId needs orderId: an item id names an item within its order.");
        var distributor = distributors.Resolve("distributor", search.Distributor, errors, required: false);
        var shipped = errors.Boolean("shipped", search.Shipped);
        var status = errors.OneOf<PurchaseOrderStatus>("status", search.Status, required: false);
        var scope = Scope(storeId);
        var page = Paging.Read(search.PageSize, search.ContinuationToken, scope, errors);
        if (errors.Any) return new SearchOutcome.Invalid(errors.All);

        if (itemId is not null)
        {
            // The item's PO, whichever line of it the item is; nothing when the item has none (or another PO number was asked).
            var holder = await store.FindClaimAsync(storeId, orderId!, itemId, cancellationToken);
            if (holder is null || (poNumber is not null && poNumber != holder)) return new SearchOutcome.Found(new Page<PurchaseOrderSummary>([], null));
            poNumber = holder;
        }
        var found = await store.ListAsync(storeId, new PurchaseOrderFilter(poNumber, orderId, distributor?.Profile.Key, shipped, status), page.PageSize, page.Position, cancellationToken);
        return new SearchOutcome.Found(Paging.Of(scope, found.Items, found.ContinuationToken));
    }

    public async Task<PurchaseOrderDetails?> GetAsync(string storeId, string poNumber, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(storeId, poNumber, cancellationToken) is not { } stored) return null;
        return new PurchaseOrderDetails(stored.Po, await store.TimelineAsync(storeId, poNumber, cancellationToken));
    }

    /// <summary>A store's PO list. A position is the table's own token, "{next partition} {next row}" (the row may be empty):
    /// anything else is refused here instead of reaching the table service (the query is scoped to the store in any case).</summary>
    private static PageScope Scope(string storeId) => new("purchase-orders", storeId, position =>
        position.Split(' ') is [{ Length: > 0 } partition, var row] && TextRule.HeaderToken.Accepts(partition) && TextRule.HeaderToken.Accepts(row));
}
