using System.Globalization;
using System.Runtime.InteropServices;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Storage;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Feeds.StockIndex;

/// <summary>
/// The stock/cost index in Table storage (table <c>StockIndex</c>). One row per distributor part:
/// PartitionKey <c>{distributor}-{bucket:D2}</c> (a stable hash bucket of the part number, so writes spread over 32
/// partitions and batch in parallel), RowKey the percent-encoded normalised part number. Each row keeps the fingerprint
/// of its content so a run writes only what changed. One more row per distributor (PartitionKey <c>catalog</c>)
/// records when the last feed was applied: every row was confirmed by that feed, changed or not.
/// </summary>
public sealed class TableStockIndex(TableServiceClient tables, IOptions<FeedsOptions> options, TimeProvider clock, IOptions<ReadCacheOptions> caching) : IStockLookup
{
    public const string CatalogPartition = "catalog";
    private const int CachedParts = 50_000;
    private readonly TableClient table = tables.GetTableClient(options.Value.StockIndexTable);
    // The index changes once a morning, and eligibility asks about the same parts again and again.
    private readonly ReadCache<(string Distributor, string Key), StockSnapshot?> snapshots = new(clock, caching.Value.StockSnapshots, CachedParts);
    private readonly ReadCache<string, DateTimeOffset?> lastApplied = new(clock, caching.Value.StockSnapshots, capacity: 100);
    private bool tableReady;

    internal TableClient Table => table;

    /// <summary>
    /// The part's snapshot, kept for <see cref="ReadCacheOptions.StockSnapshots"/>. Read: the part's row, and (once per
    /// distributor, also kept) the distributor's catalog row for the feed's age, in parallel.
    /// </summary>
    public Task<StockSnapshot?> FindAsync(string distributor, string partNumber, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(distributor);
        ArgumentException.ThrowIfNullOrWhiteSpace(partNumber);
        return snapshots.GetOrReadAsync((distributor, PartNumbers.Normalize(partNumber)), (part, ct) => ReadAsync(part.Distributor, part.Key, ct), cancellationToken);
    }

    private async Task<StockSnapshot?> ReadAsync(string distributor, string key, CancellationToken cancellationToken)
    {
        var rowTask = table.GetEntityIfExistsAsync<TableEntity>(PartKeys.PartitionKey(distributor, PartKeys.Bucket(key)), PartKeys.RowKey(key), cancellationToken: cancellationToken);
        var appliedTask = lastApplied.GetOrReadAsync(distributor, ReadAppliedAtAsync, cancellationToken);
        NullableResponse<TableEntity> row;
        DateTimeOffset? applied;
        try
        {
            row = await rowTask;
            applied = await appliedTask;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no feed has run yet: the table does not exist
        }
        if (!row.HasValue || row.Value is not { } entity) return null;

        var changedAt = entity.GetDateTimeOffset(Columns.ChangedAt) ?? DateTimeOffset.MinValue;
        return new StockSnapshot(
            distributor,
            entity.GetString(Columns.PartNumber) ?? key,
            entity.GetInt32(Columns.Quantity) ?? 0,
            entity.GetBoolean(Columns.QuantityIsFloor) ?? false,
            ReadDecimal(entity, Columns.DealerCost),
            ReadDecimal(entity, Columns.Retail),
            ReadDecimal(entity, Columns.Map),
            Enum.TryParse<PartAvailability>(entity.GetString(Columns.Availability), out var a) ? a : PartAvailability.Unavailable,
            applied is { } last && last > changedAt ? last : changedAt);
    }

    /// <summary>When the distributor's last feed was applied: unchanged rows are not rewritten, so that feed confirmed them.</summary>
    private async Task<DateTimeOffset?> ReadAppliedAtAsync(string distributor, CancellationToken cancellationToken)
    {
        try
        {
            var catalog = await table.GetEntityIfExistsAsync<TableEntity>(CatalogPartition, distributor, select: [Columns.AppliedAt], cancellationToken: cancellationToken);
            return catalog.HasValue ? catalog.Value?.GetDateTimeOffset(Columns.AppliedAt) : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no feed has run yet: the table does not exist
        }
    }

    internal async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (tableReady) return;
        await table.CreateIfNotExistsAsync(cancellationToken);
        tableReady = true;
    }

    /// <summary>
    /// The fingerprints of the rows of some of a distributor's buckets, one dictionary per bucket read (null for the
    /// others), loaded by streaming those partitions (only RowKey and the fingerprint are selected). With the parts
    /// seen in the file, this is the run's only per-part memory.
    /// </summary>
    internal async Task<Dictionary<string, PartFingerprint>?[]> LoadFingerprintsAsync(string distributor, IReadOnlyList<int> buckets, int parallelism, CancellationToken cancellationToken)
    {
        var maps = new Dictionary<string, PartFingerprint>?[PartKeys.BucketCount];
        await Parallel.ForAsync(0, buckets.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var bucket = buckets[i];
            var map = new Dictionary<string, PartFingerprint>(StringComparer.Ordinal);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartKeys.PartitionKey(distributor, bucket)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: [Columns.RowKey, Columns.Fingerprint], cancellationToken: ct))
                map[PartKeys.FromRowKey(row.RowKey)] = new PartFingerprint(row.GetInt64(Columns.Fingerprint) ?? RecordFingerprint.MarkedUnavailable);
            maps[bucket] = map;
        });
        return maps;
    }

    /// <summary>What the index holds per bucket, as the last applied feed left it; null where unknown.</summary>
    internal async Task<BucketFingerprint?[]> ReadBucketFingerprintsAsync(string distributor, CancellationToken cancellationToken)
    {
        var catalog = await table.GetEntityIfExistsAsync<TableEntity>(CatalogPartition, distributor, select: [Columns.BucketFingerprints], cancellationToken: cancellationToken);
        return BucketFingerprint.Decode(catalog.HasValue ? catalog.Value?.GetBinary(Columns.BucketFingerprints) : null);
    }

    /// <summary>
    /// Marks buckets unknown before their rows are written, so a run that fails half-way leaves them to be read back
    /// next time instead of trusted.
    /// </summary>
    internal Task ForgetBucketFingerprintsAsync(string distributor, BucketFingerprint?[] stillValid, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(CatalogPartition, distributor)
        {
            [Columns.BucketFingerprints] = BucketFingerprint.Encode(stillValid),
        }, TableUpdateMode.Merge, cancellationToken);

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

    /// <summary>Records the applied feed (its time, its parts and its bucket fingerprints), then drops what this instance had cached.</summary>
    internal async Task WriteCatalogAsync(string distributor, DateTimeOffset appliedAt, long activeParts, BucketFingerprint?[] buckets, CancellationToken cancellationToken)
    {
        await table.UpsertEntityAsync(new TableEntity(CatalogPartition, distributor)
        {
            [Columns.AppliedAt] = appliedAt,
            [Columns.ActiveParts] = activeParts,
            [Columns.BucketFingerprints] = BucketFingerprint.Encode(buckets),
        }, TableUpdateMode.Replace, cancellationToken);
        snapshots.Clear();
        lastApplied.Clear();
    }

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
        public const string BucketFingerprints = "BucketFingerprints";
    }
}

/// <summary>What the index knew about a part before this run, and whether this run's file has listed it yet.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct PartFingerprint(long hash)
{
    public long Hash = hash;
    public bool Seen;
}
