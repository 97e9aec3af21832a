using System.Globalization;
using System.Runtime.InteropServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Feeds.StockIndex;

/// <summary>
/// The stock/cost index in Table storage (table <c>StockIndex</c>). One row per distributor part:
/// PartitionKey <c>{distributor}-{bucket:D2}</c> (a stable hash bucket of the part number, so writes spread over 32
/// partitions and batch in parallel), RowKey the percent-encoded normalised part number. Each row keeps the fingerprint
/// of its content so a run writes only what changed. One more row per distributor (PartitionKey <c>catalog</c>)
/// records when the last feed was applied: every row was confirmed by that feed, changed or not.
/// </summary>
public sealed class TableStockIndex(TableServiceClient tables, IOptions<FeedsOptions> options) : IStockLookup
{
    public const string CatalogPartition = "catalog";
    private readonly TableClient table = tables.GetTableClient(options.Value.StockIndexTable);
    private bool tableReady;

    internal TableClient Table => table;

    /// <summary>Two point reads, in parallel: the part's row and its distributor's catalog row (for the feed's age).</summary>
    public async Task<StockSnapshot?> FindAsync(string distributor, string partNumber, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(distributor);
        ArgumentException.ThrowIfNullOrWhiteSpace(partNumber);
        var key = PartKeys.Normalize(partNumber);
        var rowTask = table.GetEntityIfExistsAsync<TableEntity>(PartKeys.PartitionKey(distributor, PartKeys.Bucket(key)), PartKeys.RowKey(key), cancellationToken: cancellationToken);
        var catalogTask = table.GetEntityIfExistsAsync<TableEntity>(CatalogPartition, distributor, cancellationToken: cancellationToken);
        NullableResponse<TableEntity> row, catalog;
        try
        {
            row = await rowTask;
            catalog = await catalogTask;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no feed has run yet: the table does not exist
        }
        if (!row.HasValue || row.Value is not { } entity) return null;

        var changedAt = entity.GetDateTimeOffset(Columns.ChangedAt) ?? DateTimeOffset.MinValue;
        var appliedAt = catalog.HasValue ? catalog.Value?.GetDateTimeOffset(Columns.AppliedAt) : null;
        return new StockSnapshot(
            distributor,
            entity.GetString(Columns.PartNumber) ?? key,
            entity.GetInt32(Columns.Quantity) ?? 0,
            entity.GetBoolean(Columns.QuantityIsFloor) ?? false,
            ReadDecimal(entity, Columns.DealerCost),
            ReadDecimal(entity, Columns.Retail),
            ReadDecimal(entity, Columns.Map),
            Enum.TryParse<PartAvailability>(entity.GetString(Columns.Availability), out var a) ? a : PartAvailability.Unavailable,
            appliedAt is { } applied && applied > changedAt ? applied : changedAt);
    }

    internal async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (tableReady) return;
        await table.CreateIfNotExistsAsync(cancellationToken);
        tableReady = true;
    }

    /// <summary>
    /// The fingerprints of every row of a distributor, one dictionary per bucket, loaded by streaming the 32
    /// partitions (only RowKey and the fingerprint are selected). This map is the run's only per-part memory.
    /// </summary>
    internal async Task<Dictionary<string, PartFingerprint>[]> LoadFingerprintsAsync(string distributor, int parallelism, CancellationToken cancellationToken)
    {
        var buckets = new Dictionary<string, PartFingerprint>[PartKeys.BucketCount];
        await Parallel.ForAsync(0, PartKeys.BucketCount, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (bucket, ct) =>
        {
            var map = new Dictionary<string, PartFingerprint>(StringComparer.Ordinal);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartKeys.PartitionKey(distributor, bucket)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: [Columns.RowKey, Columns.Fingerprint], cancellationToken: ct))
                map[PartKeys.FromRowKey(row.RowKey)] = new PartFingerprint(row.GetInt64(Columns.Fingerprint) ?? RecordFingerprint.MarkedUnavailable);
            buckets[bucket] = map;
        });
        return buckets;
    }

    internal static TableEntity ToEntity(string distributor, int bucket, string key, FeedRecord record, long fingerprint, DateTimeOffset changedAt) =>
        new(PartKeys.PartitionKey(distributor, bucket), PartKeys.RowKey(key))
        {
            [Columns.PartNumber] = record.PartNumber,
            [Columns.Quantity] = record.Quantity,
            [Columns.QuantityIsFloor] = record.QuantityIsFloor,
            [Columns.Warehouses] = FormatWarehouses(record.Warehouses),
            [Columns.DealerCost] = FormatDecimal(record.DealerCost),
            [Columns.Retail] = FormatDecimal(record.Retail),
            [Columns.Map] = FormatDecimal(record.Map),
            [Columns.Availability] = record.Availability.ToString(),
            [Columns.Status] = record.Status,
            [Columns.Fingerprint] = fingerprint,
            [Columns.ChangedAt] = changedAt,
        };

    /// <summary>A merge that keeps the last known prices but says the part is gone from the feed.</summary>
    internal static TableEntity MarkUnavailable(string distributor, int bucket, string key, DateTimeOffset changedAt) =>
        new(PartKeys.PartitionKey(distributor, bucket), PartKeys.RowKey(key))
        {
            [Columns.Quantity] = 0,
            [Columns.QuantityIsFloor] = false,
            [Columns.Warehouses] = "",
            [Columns.Availability] = PartAvailability.Unavailable.ToString(),
            [Columns.Fingerprint] = RecordFingerprint.MarkedUnavailable,
            [Columns.ChangedAt] = changedAt,
        };

    internal Task WriteCatalogAsync(string distributor, DateTimeOffset appliedAt, long activeParts, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(CatalogPartition, distributor)
        {
            [Columns.AppliedAt] = appliedAt,
            [Columns.ActiveParts] = activeParts,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Decimals are stored as invariant strings: Table storage has no decimal type and a double would round cents.</summary>
    private static string? FormatDecimal(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static decimal? ReadDecimal(TableEntity entity, string column) =>
        decimal.TryParse(entity.GetString(column), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>"CA=25+;GA=3": compact, readable in Storage Explorer, and cheap to write.</summary>
    private static string FormatWarehouses(IReadOnlyList<WarehouseStock> warehouses) =>
        warehouses.Count == 0 ? "" : string.Join(';', warehouses.Select(w => $"{w.Warehouse}={w.Quantity}{(w.IsFloor ? "+" : "")}"));

    internal static class Columns
    {
        public const string RowKey = "RowKey";
        public const string PartNumber = "PartNumber";
        public const string Quantity = "Quantity";
        public const string QuantityIsFloor = "QuantityIsFloor";
        public const string Warehouses = "Warehouses";
        public const string DealerCost = "DealerCost";
        public const string Retail = "Retail";
        public const string Map = "Map";
        public const string Availability = "Availability";
        public const string Status = "Status";
        public const string Fingerprint = "Fingerprint";
        public const string ChangedAt = "ChangedAt";
        public const string AppliedAt = "AppliedAt";
        public const string ActiveParts = "ActiveParts";
    }
}

/// <summary>What the index knew about a part before this run, and what this run has seen of it.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct PartFingerprint(long hash)
{
    public long Hash = hash;
    public PartSeen Seen;
}

internal enum PartSeen : byte { NotYet, Unchanged, Changed, Written }
