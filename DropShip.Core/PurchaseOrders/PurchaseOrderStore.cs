using System.Net;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Storage;
using static DropShip.Core.Storage.KeyEncoding;

namespace DropShip.Core.PurchaseOrders;

/// <summary>
/// The "PurchaseOrders" table. PartitionKey = store id, so every read and write is scoped to one store and rows of one
/// store can change together in one entity-group transaction. Row kinds (RowKey prefix):
/// <list type="bullet">
/// <item><c>po|{po}</c>: the PO itself (its insert fails when the PO number is taken in the store);</item>
/// <item><c>item|{orderId}|{itemId}</c>: the item's claim (its insert fails when the item already has a PO);</item>
/// <item><c>list|{inverted created ticks}|{po}</c>: the listing projection, newest first, with the filter fields;</item>
/// <item><c>event|{po}|{ticks}|{id}</c>: the PO's timeline; <c>attempt|{po}|{ticks}|{id}</c>: rejected submissions.</item>
/// </list>
/// Ids from outside are percent-encoded (KeyEncoding) so they can't inject key separators or forbidden characters.
/// </summary>
public sealed class PurchaseOrderStore(TableServiceClient tables)
{
    public const string TableName = "PurchaseOrders";
    private readonly AppTable table = new(tables, TableName);

    public static string PoKey(string poNumber) => "po|" + Encode(poNumber);
    public static string ClaimKey(string orderId, string itemId) => $"item|{Encode(orderId)}|{Encode(itemId)}";
    private static string ListKey(PurchaseOrder po) => $"list|{InvertedTicks(po.CreatedAt)}|{Encode(po.PoNumber)}";
    private static string EventPrefix(string poNumber) => $"event|{Encode(poNumber)}|";
    private static string AttemptPrefix(string poNumber) => $"attempt|{Encode(poNumber)}|";

    /// <summary>Inserts the PO, the item claim and the listing row atomically.</summary>
    public async Task<Reservation> ReserveAsync(PurchaseOrder po, TimelineEntry created, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToEntity(po)),
            new(TableTransactionActionType.Add, new TableEntity(po.StoreId, ClaimKey(po.OrderId, po.ItemId)) { ["PoNumber"] = po.PoNumber }),
            new(TableTransactionActionType.Add, ToListEntity(po)),
            new(TableTransactionActionType.Add, ToEventEntity(po, created)),
        };
        try
        {
            var response = await client.SubmitTransactionAsync(actions, cancellationToken);
            return new Reservation.Reserved(response.Value[0].Headers.ETag ?? ETag.All);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Which insert failed tells which uniqueness rule was broken.
            if (ex.FailedTransactionActionIndex == 1 && await FindClaimAsync(po.StoreId, po.OrderId, po.ItemId, cancellationToken) is { } existing)
                return new Reservation.ItemAlreadyHasPo(existing);
            return new Reservation.PoNumberTaken(po.PoNumber);
        }
    }

    public async Task<StoredPurchaseOrder?> FindAsync(string storeId, string poNumber, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var row = await client.GetEntityIfExistsAsync<TableEntity>(storeId, PoKey(poNumber), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? new StoredPurchaseOrder(FromEntity(entity), entity.ETag) : null;
    }

    /// <summary>The PO number that holds this order item, if any.</summary>
    public async Task<string?> FindClaimAsync(string storeId, string orderId, string itemId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var row = await client.GetEntityIfExistsAsync<TableEntity>(storeId, ClaimKey(orderId, itemId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value?.GetString("PoNumber") : null;
    }

    /// <summary>
    /// The PO numbers that hold items of an order, by item id: one range query over the order's claim rows, for one item
    /// or many, so eligibility also learns which PO numbers the order's other items use.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ClaimsOfOrderAsync(string storeId, string orderId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var prefix = $"item|{Encode(orderId)}|";
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(RowKeyPrefixFilter(storeId, prefix), select: ["RowKey", "PoNumber"], cancellationToken: cancellationToken))
            if (row.GetString("PoNumber") is { } poNumber) claims[Decode(row.RowKey[prefix.Length..])] = poNumber;
        return claims;
    }

    /// <summary>The store's PO numbers that start with <paramref name="prefix"/>: one range query over the PO rows, keys only.</summary>
    public async Task<IReadOnlySet<string>> PoNumbersStartingWithAsync(string storeId, string prefix, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var keyPrefix = PoKey(prefix);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(RowKeyPrefixFilter(storeId, keyPrefix), select: ["RowKey"], cancellationToken: cancellationToken))
            numbers.Add(Decode(row.RowKey["po|".Length..]));
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
            new(TableTransactionActionType.UpdateReplace, ToEntity(po), etag),
            new(TableTransactionActionType.UpsertReplace, ToListEntity(po)),
        };
        actions.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, ToEventEntity(po, e))));
        if (releaseClaim) actions.Add(new(TableTransactionActionType.Delete, new TableEntity(po.StoreId, ClaimKey(po.OrderId, po.ItemId)), ETag.All));
        var response = await client.SubmitTransactionAsync(actions, cancellationToken);
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
        var actions = events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, ToEventEntity(po, e))).ToList();
        if (actions.Count > 0) await client.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>A rejected submission: the PO, its claim, listing and timeline disappear; the attempt is recorded. Atomic.</summary>
    public async Task ReleaseRejectedAsync(PurchaseOrder po, ETag etag, SubmissionAttempt attempt, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Delete, new TableEntity(po.StoreId, PoKey(po.PoNumber)), etag),
            new(TableTransactionActionType.Delete, new TableEntity(po.StoreId, ClaimKey(po.OrderId, po.ItemId)), ETag.All),
            new(TableTransactionActionType.Delete, new TableEntity(po.StoreId, ListKey(po)), ETag.All),
        };
        await foreach (var row in client.QueryAsync<TableEntity>(RowKeyPrefixFilter(po.StoreId, EventPrefix(po.PoNumber)), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            actions.Add(new(TableTransactionActionType.Delete, row, ETag.All));
        actions.Add(new(TableTransactionActionType.Add, new TableEntity(po.StoreId, $"{AttemptPrefix(po.PoNumber)}{Ticks(attempt.At)}|{Guid.NewGuid():N}")
        {
            ["Json"] = DropShipJson.Serialize(attempt),
        }));
        await client.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string storeId, string poNumber, CancellationToken cancellationToken) =>
        await ReadJsonRowsAsync<TimelineEntry>(storeId, EventPrefix(poNumber), cancellationToken);

    public async Task<IReadOnlyList<SubmissionAttempt>> AttemptsAsync(string storeId, string poNumber, CancellationToken cancellationToken) =>
        await ReadJsonRowsAsync<SubmissionAttempt>(storeId, AttemptPrefix(poNumber), cancellationToken);

    /// <summary>One page of the store's POs, newest first. Filters are escaped by CreateQueryFilter, never concatenated.</summary>
    public async Task<Page<PurchaseOrderSummary>> ListAsync(string storeId, PurchaseOrderFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var clauses = new List<string> { RowKeyPrefixFilter(storeId, "list|") };
        if (filter.PoNumber is { } po) clauses.Add(TableClient.CreateQueryFilter($"PoNumber eq {po}"));
        if (filter.OrderId is { } orderId) clauses.Add(TableClient.CreateQueryFilter($"OrderId eq {orderId}"));
        if (filter.Distributor is { } distributor) clauses.Add(TableClient.CreateQueryFilter($"Distributor eq {distributor}"));
        if (filter.Shipped is { } shipped) clauses.Add(TableClient.CreateQueryFilter($"Shipped eq {shipped}"));
        if (filter.Status is { } status) clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        var query = string.Join(" and ", clauses.Select(c => $"({c})"));

        await foreach (var page in client.QueryAsync<TableEntity>(query, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
            return new Page<PurchaseOrderSummary>(page.Values.Select(FromListEntity).ToList(), page.ContinuationToken);
        return new Page<PurchaseOrderSummary>([], null);
    }

    private async Task<IReadOnlyList<T>> ReadJsonRowsAsync<T>(string storeId, string prefix, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var items = new List<T>();
        await foreach (var row in client.QueryAsync<TableEntity>(RowKeyPrefixFilter(storeId, prefix), cancellationToken: cancellationToken))
            if (DropShipJson.Deserialize<T>(row.GetString("Json")) is { } item) items.Add(item);
        return items;
    }

    /// <summary>PartitionKey = store and RowKey starts with a prefix ('|' + 1 = '}' bounds the range).</summary>
    private static string RowKeyPrefixFilter(string storeId, string prefix)
    {
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return TableClient.CreateQueryFilter($"PartitionKey eq {storeId} and RowKey ge {prefix} and RowKey lt {upper}");
    }

    private static TableEntity ToEntity(PurchaseOrder po) => new(po.StoreId, PoKey(po.PoNumber))
    {
        ["PoNumber"] = po.PoNumber,
        ["OrderId"] = po.OrderId,
        ["ItemId"] = po.ItemId,
        ["Distributor"] = po.Distributor,
        ["PartNumber"] = po.PartNumber,
        ["Quantity"] = po.Quantity,
        ["Status"] = po.Status.ToString(),
        ["Shipped"] = po.IsShipped,
        ["TestMode"] = po.TestMode,
        ["ShipTo"] = DropShipJson.Serialize(po.ShipTo),
        ["Customer"] = po.Customer is null ? null : DropShipJson.Serialize(po.Customer),
        ["ItemDescription"] = po.ItemDescription,
        ["OrderNumber"] = po.OrderNumber,
        ["DistributorOrderNumbers"] = DropShipJson.Serialize(po.DistributorOrderNumbers),
        ["Shipments"] = DropShipJson.Serialize(po.Shipments),
        ["OptionsAvailable"] = DropShipJson.Serialize(po.OptionsAvailable),
        ["StatusReason"] = po.StatusReason,
        ["CreatedAt"] = po.CreatedAt,
        ["UpdatedAt"] = po.UpdatedAt,
        ["ShippedAt"] = po.ShippedAt,
    };

    private static PurchaseOrder FromEntity(TableEntity e) => new()
    {
        StoreId = e.PartitionKey,
        PoNumber = e.GetString("PoNumber"),
        OrderId = e.GetString("OrderId"),
        ItemId = e.GetString("ItemId"),
        Distributor = e.GetString("Distributor"),
        PartNumber = e.GetString("PartNumber"),
        Quantity = e.GetInt32("Quantity") ?? 1,
        Status = Enum.Parse<PurchaseOrderStatus>(e.GetString("Status")),
        TestMode = e.GetBoolean("TestMode") ?? false,
        ShipTo = DropShipJson.Deserialize<ShipTo>(e.GetString("ShipTo")) ?? new ShipTo(),
        Customer = DropShipJson.Deserialize<Customer>(e.GetString("Customer")),
        ItemDescription = e.GetString("ItemDescription"),
        OrderNumber = e.GetString("OrderNumber"),
        DistributorOrderNumbers = DropShipJson.Deserialize<List<string>>(e.GetString("DistributorOrderNumbers")) ?? [],
        Shipments = DropShipJson.Deserialize<List<TrackedShipment>>(e.GetString("Shipments")) ?? [],
        OptionsAvailable = DropShipJson.Deserialize<List<OptionRecord>>(e.GetString("OptionsAvailable")) ?? [],
        StatusReason = e.GetString("StatusReason"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        ShippedAt = e.GetDateTimeOffset("ShippedAt"),
    };

    private static TableEntity ToListEntity(PurchaseOrder po) => new(po.StoreId, ListKey(po))
    {
        ["PoNumber"] = po.PoNumber,
        ["OrderId"] = po.OrderId,
        ["ItemId"] = po.ItemId,
        ["Distributor"] = po.Distributor,
        ["PartNumber"] = po.PartNumber,
        ["Status"] = po.Status.ToString(),
        ["Shipped"] = po.IsShipped,
        ["TestMode"] = po.TestMode,
        ["CreatedAt"] = po.CreatedAt,
        ["UpdatedAt"] = po.UpdatedAt,
    };

    private static PurchaseOrderSummary FromListEntity(TableEntity e) => new(
        e.GetString("PoNumber"), e.GetString("OrderId"), e.GetString("ItemId"), e.GetString("Distributor"), e.GetString("PartNumber"),
        Enum.Parse<PurchaseOrderStatus>(e.GetString("Status")), e.GetBoolean("Shipped") ?? false, e.GetBoolean("TestMode") ?? false,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);

    private static TableEntity ToEventEntity(PurchaseOrder po, TimelineEntry entry) =>
        new(po.StoreId, $"{EventPrefix(po.PoNumber)}{Ticks(entry.At)}|{Guid.NewGuid():N}") { ["Json"] = DropShipJson.Serialize(entry) };
}

public sealed record StoredPurchaseOrder(PurchaseOrder Po, ETag ETag);

public sealed record PoChange(PurchaseOrder Po, IReadOnlyList<TimelineEntry> Events, bool ReleaseClaim = false);

public abstract record Reservation
{
    private Reservation() { }
    public sealed record Reserved(ETag ETag) : Reservation;
    public sealed record ItemAlreadyHasPo(string ExistingPoNumber) : Reservation;
    public sealed record PoNumberTaken(string PoNumber) : Reservation;
}

public sealed record PurchaseOrderFilter(string? PoNumber, string? OrderId, string? Distributor, bool? Shipped, PurchaseOrderStatus? Status);

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
