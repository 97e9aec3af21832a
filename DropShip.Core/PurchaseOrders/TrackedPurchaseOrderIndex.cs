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
/// Each row says when the sweeper should next look at it (DueAt): Tracking:SweepAfter after submission, and, each time
/// its monitor is seen running (a check, a start, a sweep that found it running), Tracking:QuietLimit later. So a sweep
/// with nothing to heal reads no row and asks the Durable engine nothing.
/// </summary>
public sealed class TrackedPurchaseOrderIndex(TableServiceClient tables, IOptions<TrackingOptions> options)
{
    private const string Partition = "tracked";
    // CreateQueryFilter quotes what is interpolated, so ListDueAsync's filter writes this column's name out.
    private const string DueAt = nameof(DueAt);
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
            [DueAt] = po.CreatedAt + options.Value.SweepAfter,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// The PO's monitor is running now: the sweeper need not look at it before Tracking:QuietLimit has passed. A row that
    /// is gone (tracking ended) stays gone.
    /// </summary>
    public async Task MarkRunningAsync(string storeId, string poNumber, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        try
        {
            await client.UpdateEntityAsync(new TableEntity(Partition, Key(storeId, poNumber)) { [DueAt] = now + options.Value.QuietLimit },
                ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // Tracking ended and the row left: nothing to mark.
        }
    }

    /// <summary>Rows the sweeper should look at now: never seen running and older than SweepAfter, or not seen for QuietLimit.</summary>
    public IAsyncEnumerable<TrackedPurchaseOrderRow> ListDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and DueAt le {now}"), cancellationToken);

    /// <summary>Rows of POs submitted before <paramref name="submittedBefore"/> (younger ones may still be in their submit request).</summary>
    public IAsyncEnumerable<TrackedPurchaseOrderRow> ListAsync(DateTimeOffset submittedBefore, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and SubmittedAt lt {submittedBefore}"), cancellationToken);

    private async IAsyncEnumerable<TrackedPurchaseOrderRow> QueryAsync(string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        await foreach (var row in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return new TrackedPurchaseOrderRow(row.GetString("StoreId"), row.GetString("PoNumber"), row.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue,
                row.GetDateTimeOffset(DueAt), row.ETag);
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

/// <param name="DueAt">When the sweeper should look at the row; null on rows written before the index had it.</param>
public sealed record TrackedPurchaseOrderRow(string StoreId, string PoNumber, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt, ETag ETag)
{
    /// <summary>For the daily pass over every row: due, or from before DueAt existed.</summary>
    public bool IsDue(DateTimeOffset now) => DueAt is null || DueAt <= now;
}
