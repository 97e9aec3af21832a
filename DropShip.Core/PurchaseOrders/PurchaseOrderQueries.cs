using System.Buffers.Text;
using System.Text;
using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.PurchaseOrders;

/// <summary>Raw query-string values of the PO search, validated here so every caller gets the same 400s.</summary>
public sealed record PurchaseOrderSearch(string? PoNumber, string? OrderId, string? Distributor, string? Shipped, string? Status, string? PageSize, string? ContinuationToken);

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
    public const int DefaultPageSize = 25, MaxPageSize = 100;

    public async Task<SearchOutcome> SearchAsync(string storeId, PurchaseOrderSearch search, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var poNumber = errors.Text("poNumber", search.PoNumber, 40, required: false);
        var orderId = errors.Text("orderId", search.OrderId, 64, required: false);
        var distributor = errors.Text("distributor", search.Distributor, 40, required: false);
        if (distributor is not null && distributors.Find(distributor) is null)
            errors.Add("distributor", "unknown_distributor", $"Unknown distributor '{distributor}'. Known: {distributors.KnownKeys}.");
        bool? shipped = null;
        if (search.Shipped is { } shippedText)
        {
            if (bool.TryParse(shippedText, out var value)) shipped = value;
            else errors.Add("shipped", "invalid_value", "shipped must be true or false.");
        }
        PurchaseOrderStatus? status = null;
        if (search.Status is { } statusText)
        {
            if (Enum.TryParse<PurchaseOrderStatus>(statusText, ignoreCase: true, out var value) && !int.TryParse(statusText, out _)) status = value;
            else errors.Add("status", "invalid_value", $"status must be one of {string.Join(", ", Enum.GetNames<PurchaseOrderStatus>())}.");
        }
        var pageSize = DefaultPageSize;
        if (search.PageSize is { } sizeText && (!int.TryParse(sizeText, out pageSize) || pageSize is < 1 or > MaxPageSize))
            errors.Add("pageSize", "out_of_range", $"pageSize must be a whole number from 1 to {MaxPageSize}.");
        var token = search.ContinuationToken is { } raw ? DecodeToken(storeId, raw) : null;
        if (search.ContinuationToken is not null && token is null)
            errors.Add("continuationToken", "invalid_value", "continuationToken is not one this API returned for this store.");
        if (errors.Any) return new SearchOutcome.Invalid(errors.All);

        var page = await store.ListAsync(storeId, new PurchaseOrderFilter(poNumber, orderId, distributor?.ToLowerInvariant(), shipped, status), pageSize, token, cancellationToken);
        return new SearchOutcome.Found(page with { ContinuationToken = page.ContinuationToken is { } next ? EncodeToken(next) : null });
    }

    public async Task<PurchaseOrderDetails?> GetAsync(string storeId, string poNumber, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(storeId, poNumber, cancellationToken) is not { } stored) return null;
        return new PurchaseOrderDetails(stored.Po, await store.TimelineAsync(storeId, poNumber, cancellationToken));
    }

    // The table's token is "{base64 next partition} {base64 next row}". It is wrapped so callers treat it as opaque, and a
    // token naming another store's partition is refused (the query is scoped to the store's partition in any case).
    private static string EncodeToken(string token) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    private static string? DecodeToken(string storeId, string encoded)
    {
        if (encoded.Length > 2048) return null;
        try
        {
            var token = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
            var parts = token.Split(' ');
            return parts.Length == 2 && Encoding.UTF8.GetString(Convert.FromBase64String(parts[0])) == storeId ? token : null;
        }
        catch (FormatException) { return null; }
    }
}
