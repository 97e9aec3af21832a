using System.Net;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Storage;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Options;

namespace DropShip.Core.PurchaseOrders;

/// <summary>
/// Every PO that may still need a tracking monitor, across stores, in one small partition (table Tracking:IndexTable,
/// PartitionKey "tracked", RowKey "{store}|{encoded PO}"), so the sweeper reads only the POs in flight instead of every
/// store's history. A store's rows can only change together within the store's partition, so this row cannot share the
/// PO's transaction; instead it is written before the PO is reserved (a PO never exists without its row) and removed
/// after tracking ends. A row left behind (a rejected or conflicting reservation, a crash before removal) points at a PO
/// that is missing or no longer tracked, and the sweeper removes it.
/// </summary>
public sealed class TrackedPurchaseOrderIndex(TableServiceClient tables, IOptions<TrackingOptions> options)
{
    private const string Partition = "tracked";
    private readonly AppTable table = new(tables, options.Value.IndexTable);

    private static string Key(string storeId, string poNumber) => $"{storeId}|{KeyEncoding.Encode(poNumber)}";

    public async Task AddAsync(PurchaseOrder po, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        await client.UpsertEntityAsync(new TableEntity(Partition, Key(po.StoreId, po.PoNumber))
        {
            ["StoreId"] = po.StoreId,
            ["PoNumber"] = po.PoNumber,
            ["SubmittedAt"] = po.CreatedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Rows of POs submitted before <paramref name="submittedBefore"/> (younger ones may still be in their submit request).</summary>
    public async IAsyncEnumerable<TrackedPurchaseOrderRow> ListAsync(DateTimeOffset submittedBefore, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and SubmittedAt lt {submittedBefore}");
        await foreach (var row in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return new TrackedPurchaseOrderRow(row.GetString("StoreId"), row.GetString("PoNumber"), row.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue, row.ETag);
    }

    /// <summary>Removes a PO's row; with an ETag, only if nobody rewrote it since it was read (a new submit of the same PO number).</summary>
    public async Task RemoveAsync(string storeId, string poNumber, ETag? etag, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        try
        {
            await client.DeleteEntityAsync(Partition, Key(storeId, poNumber), etag ?? ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
        {
            // Already gone, or rewritten by a new submit: either way it is not ours to remove.
        }
    }
}

public sealed record TrackedPurchaseOrderRow(string StoreId, string PoNumber, DateTimeOffset SubmittedAt, ETag ETag);
