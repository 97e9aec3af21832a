using System.Net;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Storage;
using Page = DropShip.Core.Common.Page<DropShip.Core.PurchaseOrders.PurchaseOrderSummary>;

namespace DropShip.Core.PurchaseOrders;

/// <summary>
/// The "PurchaseOrders" table. PartitionKey = store id, so every read and write is scoped to one store and rows of one
/// store can change together in one entity-group transaction. Row kinds, each with its key, columns and mapping in
/// PurchaseOrderRows.cs: <see cref="PoRow"/> (the PO), <see cref="ClaimRow"/> (the item's claim), <see cref="ListRow"/>
/// (the listing projection, newest first), <see cref="TimelineRow"/> (the PO's timeline) and <see cref="AttemptRow"/>
/// (rejected submissions).
/// </summary>
public sealed class PurchaseOrderStore(TableServiceClient tables, TrackedPurchaseOrderIndex tracked)
{
    public const string TableName = "PurchaseOrders";

    /// <summary>
    /// The most lines one PO may have. Every line's claim is written in the PO's one entity-group transaction (at most 100
    /// operations, 4 MB): reserving takes the lines + 3 operations, releasing a rejected PO the lines + 4 plus its few
    /// timeline rows; and the PO row keeps its lines (with their stock notes) in one property of at most 64 KB. 20 lines keep
    /// all of these far inside their limits; each distributor's own limit (OrderLimits.MaxLinesPerOrder) is at most this.
    /// </summary>
    public const int MaxLinesPerPo = 20;

    private readonly AppTable table = new(tables, TableName);

    /// <summary>Inserts the PO, every line's item claim and the listing row atomically.</summary>
    public async Task<Reservation> ReserveAsync(PurchaseOrder po, TimelineEntry created, CancellationToken cancellationToken)
    {
        if (po.Lines.Count > MaxLinesPerPo) throw new ArgumentException($"A PO has at most {MaxLinesPerPo} lines.", nameof(po));
        var client = await table.GetAsync();
        // Indexed first, so the sweeper finds this PO whatever happens to the request after the reservation.
        await tracked.AddAsync(po, cancellationToken);
        // The PO row first (its ETag is the answer's first), the claims right after it: a failed insert's index names the line.
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, PoRow.ToEntity(po)) };
        actions.AddRange(ClaimRow.ToEntities(po).Select(claim => new TableTransactionAction(TableTransactionActionType.Add, claim)));
        actions.Add(new(TableTransactionActionType.Add, ListRow.ToEntity(po)));
        actions.Add(new(TableTransactionActionType.Add, TimelineRow.ToEntity(po, created)));
        try
        {
            var response = await client.SubmitTransactionAsync(actions, cancellationToken);
            return new Reservation.Reserved(response.Value[0].Headers.ETag ?? ETag.All);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Which insert failed tells which uniqueness rule was broken, and for a claim, which item.
            if (ex.FailedTransactionActionIndex is { } index && index >= 1 && index <= po.Lines.Count)
            {
                var itemId = po.Lines[index - 1].ItemId;
                if (await FindClaimAsync(po.StoreId, po.OrderId, itemId, cancellationToken) is { } existing)
                    return new Reservation.ItemAlreadyHasPo(existing, itemId);
            }
            // The service may not say which insert failed: a claim that exists now names the item that lost.
            if (ex.FailedTransactionActionIndex is null)
                foreach (var line in po.Lines)
                    if (await FindClaimAsync(po.StoreId, po.OrderId, line.ItemId, cancellationToken) is { } existing && existing != po.PoNumber)
                        return new Reservation.ItemAlreadyHasPo(existing, line.ItemId);
            return new Reservation.PoNumberTaken(po.PoNumber);
        }
    }

    public async Task<StoredPurchaseOrder?> FindAsync(string storeId, string poNumber, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var row = await client.GetEntityIfExistsAsync<TableEntity>(storeId, PoRow.Key(poNumber), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? new StoredPurchaseOrder(PoRow.From(entity), entity.ETag) : null;
    }

    /// <summary>The PO number that holds this order item, if any.</summary>
    public async Task<string?> FindClaimAsync(string storeId, string orderId, string itemId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var row = await client.GetEntityIfExistsAsync<TableEntity>(storeId, ClaimRow.Key(orderId, itemId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } claim ? ClaimRow.PoNumberOf(claim) : null;
    }

    /// <summary>
    /// The PO numbers that hold items of an order, by item id: one range query over the order's claim rows, for one item
    /// or many, so eligibility also learns which PO numbers the order's other items use.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ClaimsOfOrderAsync(string storeId, string orderId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var prefix = $"{ClaimRow.Prefix}{KeyEncoding.Encode(orderId)}|";
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(KeyEncoding.RowKeyPrefixFilter(storeId, prefix), select: [nameof(TableEntity.RowKey), ClaimRow.Columns.PoNumber], cancellationToken: cancellationToken))
            if (ClaimRow.PoNumberOf(row) is { } poNumber) claims[KeyEncoding.Decode(row.RowKey[prefix.Length..])] = poNumber;
        return claims;
    }

    /// <summary>
    /// The PO numbers that hold these items of an order, by item id, for a caller that needs no other item's claim (a
    /// submit naming every PO number): a point read per item, at most <see cref="MostClaimPointReads"/> of them at once,
    /// else the order's one range query. A point read is the cheapest table read, and no emulator scans for it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ClaimsOfItemsAsync(string storeId, string orderId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        if (itemIds.Count > MostClaimPointReads) return await ClaimsOfOrderAsync(storeId, orderId, cancellationToken);
        var found = await Task.WhenAll(itemIds.Select(async itemId => (ItemId: itemId, PoNumber: await FindClaimAsync(storeId, orderId, itemId, cancellationToken))));
        return found.Where(f => f.PoNumber is not null).ToDictionary(f => f.ItemId, f => f.PoNumber!, StringComparer.Ordinal);
    }

    /// <summary>Point reads one request sends for its items' claims before one range query is the cheaper way.</summary>
    public const int MostClaimPointReads = 4;

    /// <summary>The store's PO numbers that start with <paramref name="prefix"/>: one range query over the PO rows, keys only.</summary>
    public async Task<IReadOnlySet<string>> PoNumbersStartingWithAsync(string storeId, string prefix, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var keyPrefix = PoRow.Key(prefix);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(KeyEncoding.RowKeyPrefixFilter(storeId, keyPrefix), select: [nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
            numbers.Add(KeyEncoding.Decode(row.RowKey[PoRow.Prefix.Length..]));
        return numbers;
    }

    /// <summary>
    /// Saves a changed PO with its listing row and new timeline entries atomically. Fails with 412 when someone else
    /// changed the PO since <paramref name="etag"/> was read (callers re-read and re-decide).
    /// </summary>
    public async Task<ETag> UpdateAsync(PurchaseOrder po, ETag etag, IEnumerable<TimelineEntry> events, bool releaseClaim, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, PoRow.ToEntity(po), etag),
            new(TableTransactionActionType.UpsertReplace, ListRow.ToEntity(po)),
        };
        actions.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, TimelineRow.ToEntity(po, e))));
        if (releaseClaim) actions.AddRange(ClaimRow.KeysOf(po).Select(claim => new TableTransactionAction(TableTransactionActionType.Delete, claim, ETag.All)));
        var response = await client.SubmitTransactionAsync(actions, cancellationToken);
        if (!po.IsTracked) await tracked.RemoveAsync(po.StoreId, po.PoNumber, etag: null, cancellationToken);
        return response.Value[0].Headers.ETag ?? ETag.All;
    }

    /// <summary>
    /// Read-decide-write with optimistic concurrency: <paramref name="change"/> sees the current PO and returns the new one
    /// with its timeline entries, or null to leave it alone. Re-reads and re-decides when someone else wrote in between.
    /// </summary>
    public async Task<PurchaseOrder?> MutateAsync(string storeId, string poNumber, Func<PurchaseOrder, PoChange?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(storeId, poNumber, cancellationToken) is not { } stored) return null;
            if (change(stored.Po) is not { } decided) return stored.Po;
            try
            {
                await UpdateAsync(decided.Po, stored.ETag, decided.Events, decided.ReleaseClaim, cancellationToken);
                return decided.Po;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed && attempt < 5)
            {
                // Someone else changed the PO: decide again on what is there now.
            }
        }
    }

    /// <summary>Appends timeline entries without touching the PO.</summary>
    public async Task AppendAsync(PurchaseOrder po, IEnumerable<TimelineEntry> events, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var actions = events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, TimelineRow.ToEntity(po, e))).ToList();
        if (actions.Count > 0) await client.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>A rejected submission: the PO, every line's claim, its listing and timeline disappear; the attempt is recorded. Atomic.</summary>
    public async Task ReleaseRejectedAsync(PurchaseOrder po, ETag etag, SubmissionAttempt attempt, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Delete, new TableEntity(po.StoreId, PoRow.Key(po.PoNumber)), etag) };
        actions.AddRange(ClaimRow.KeysOf(po).Select(claim => new TableTransactionAction(TableTransactionActionType.Delete, claim, ETag.All)));
        actions.Add(new(TableTransactionActionType.Delete, ListRow.KeysOf(po), ETag.All));
        await foreach (var row in client.QueryAsync<TableEntity>(TimelineRow.Kind.AllOf(po.StoreId, po.PoNumber),
                           select: [nameof(TableEntity.PartitionKey), nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
            actions.Add(new(TableTransactionActionType.Delete, row, ETag.All));
        actions.Add(new(TableTransactionActionType.Add, AttemptRow.ToEntity(po.StoreId, attempt)));
        await client.SubmitTransactionAsync(actions, cancellationToken);
        await tracked.RemoveAsync(po.StoreId, po.PoNumber, etag: null, cancellationToken);
    }

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string storeId, string poNumber, CancellationToken cancellationToken) =>
        await ReadJsonRowsAsync(storeId, poNumber, TimelineRow.Kind, cancellationToken);

    public async Task<IReadOnlyList<SubmissionAttempt>> AttemptsAsync(string storeId, string poNumber, CancellationToken cancellationToken) =>
        await ReadJsonRowsAsync(storeId, poNumber, AttemptRow.Kind, cancellationToken);

    /// <summary>One page of the store's POs, newest first. Filters are escaped by CreateQueryFilter, never concatenated.</summary>
    public async Task<Page> ListAsync(string storeId, PurchaseOrderFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var clauses = new List<string> { KeyEncoding.RowKeyPrefixFilter(storeId, ListRow.Prefix) };
        // Column names are constants; only the values come from the caller, and CreateQueryFilter escapes them.
        if (filter.PoNumber is { } po) clauses.Add(ColumnEquals(ListRow.Columns.PoNumber, po));
        if (filter.OrderId is { } orderId) clauses.Add(ColumnEquals(ListRow.Columns.OrderId, orderId));
        if (filter.Distributor is { } distributor) clauses.Add(ColumnEquals(ListRow.Columns.Distributor, distributor));
        if (filter.Shipped is { } shipped) clauses.Add(ColumnEquals(ListRow.Columns.Shipped, shipped));
        if (filter.Status is { } status) clauses.Add(ColumnEquals(ListRow.Columns.Status, status.ToString()));
        var query = string.Join(" and ", clauses.Select(c => $"({c})"));

        await foreach (var page in client.QueryAsync<TableEntity>(query, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
            return new Page(page.Values.Select(ListRow.From).ToList(), page.ContinuationToken);
        return new Page([], null);
    }

    private async Task<IReadOnlyList<T>> ReadJsonRowsAsync<T>(string storeId, string poNumber, HistoryRows<T> kind, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var items = new List<T>();
        await foreach (var row in client.QueryAsync<TableEntity>(kind.AllOf(storeId, poNumber), cancellationToken: cancellationToken))
            if (HistoryRows<T>.From(row) is { } item) items.Add(item);
        return items;
    }

    /// <summary>A column (one of our constants) equal to a caller's value, which CreateQueryFilter escapes by its type.</summary>
    private static string ColumnEquals(string column, object value) => $"{column} eq {TableClient.CreateQueryFilter($"{value}")}";

}

public sealed record StoredPurchaseOrder(PurchaseOrder Po, ETag ETag);

public sealed record PoChange(PurchaseOrder Po, IReadOnlyList<TimelineEntry> Events, bool ReleaseClaim = false);

public abstract record Reservation
{
    private Reservation() { }
    public sealed record Reserved(ETag ETag) : Reservation;
    /// <param name="ItemId">The item that already has a PO.</param>
    public sealed record ItemAlreadyHasPo(string ExistingPoNumber, string ItemId) : Reservation;
    public sealed record PoNumberTaken(string PoNumber) : Reservation;
}

public sealed record PurchaseOrderFilter(string? PoNumber, string? OrderId, string? Distributor, bool? Shipped, PurchaseOrderStatus? Status);

