using System.Text;
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
        var page = Paging.Read(search.PageSize, search.ContinuationToken, storeId, errors);
        if (page.Position is not null && !IsTableToken(storeId, page.Position))
            errors.Add("continuationToken", ErrorCodes.InvalidValue, "continuationToken is not one this API returned for this list.");
        if (errors.Any) return new SearchOutcome.Invalid(errors.All);

        if (itemId is not null)
        {
            // The item's PO, whichever line of it the item is; nothing when the item has none (or another PO number was asked).
            var holder = await store.FindClaimAsync(storeId, orderId!, itemId, cancellationToken);
            if (holder is null || (poNumber is not null && poNumber != holder)) return new SearchOutcome.Found(new Page<PurchaseOrderSummary>([], null));
            poNumber = holder;
        }
        var found = await store.ListAsync(storeId, new PurchaseOrderFilter(poNumber, orderId, distributor?.Profile.Key, shipped, status), page.PageSize, page.Position, cancellationToken);
        return new SearchOutcome.Found(found with { ContinuationToken = Paging.Wrap(storeId, found.ContinuationToken) });
    }

    public async Task<PurchaseOrderDetails?> GetAsync(string storeId, string poNumber, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(storeId, poNumber, cancellationToken) is not { } stored) return null;
        return new PurchaseOrderDetails(stored.Po, await store.TimelineAsync(storeId, poNumber, cancellationToken));
    }

    // The table's own token is "{base64 next partition} {base64 next row}": one that names another partition, or is not of
    // that form, is refused here instead of reaching the table service (the query is scoped to the store in any case).
    private static bool IsTableToken(string storeId, string position)
    {
        var parts = position.Split(' ');
        if (parts.Length != 2) return false;
        try
        {
            Convert.FromBase64String(parts[1]);
            return Encoding.UTF8.GetString(Convert.FromBase64String(parts[0])) == storeId;
        }
        catch (FormatException) { return false; }
    }
}
