using System.Runtime.InteropServices;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Feeds.Parsing;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Feeds.StockIndex;

/// <summary>
/// Applies one parsed feed to the index, reading back and writing only what changed.
/// Pass 1 streams the file and sums the record fingerprints of each bucket; a bucket whose sum and part count match
/// what the index recorded for it (<see cref="BucketFingerprint"/>) is unchanged, so it is neither read back nor
/// written. Only the other buckets' row fingerprints are read back; with the parts the file listed they tell which
/// known parts the file no longer lists, and the drift guard decides on that count before anything is written.
/// Pass 2 streams the file again and writes, in those buckets only, the rows whose content changed, in entity-group
/// batches of up to 100 per partition, several partitions in parallel, then marks the missing parts unavailable. Two
/// passes over the archived blob cost far less than holding a day's changed records in memory.
/// </summary>
public sealed class StockIndexUpdater(TableStockIndex index, IOptions<FeedsOptions> options)
{
    private const int BatchLimit = 100;

    /// <param name="parse">Streams the feed; called once per pass with where to count rejected lines.</param>
    public async Task<StockIndexUpdate> UpdateAsync(
        string distributor,
        Func<RejectedLines, IEnumerable<FeedRecord>> parse,
        RejectedLines rejected,
        DateTimeOffset asOf,
        double maxRemovedShare,
        CancellationToken cancellationToken)
    {
        await index.EnsureTableAsync(cancellationToken);
        var parallelism = Math.Max(1, options.Value.MaxParallelBatches);
        var stored = await index.ReadBucketFingerprintsAsync(distributor, cancellationToken);

        // Pass 1: what the file lists, per bucket. No reads back, no writes.
        var listed = new HashSet<string>?[PartKeys.BucketCount];
        for (var bucket = 0; bucket < listed.Length; bucket++) listed[bucket] = new HashSet<string>(StringComparer.Ordinal);
        var today = new BucketFingerprint?[PartKeys.BucketCount];
        long records = 0;
        foreach (var record in parse(rejected))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = PartNumbers.Normalize(record.PartNumber);
            var bucket = PartKeys.Bucket(key);
            if (!listed[bucket]!.Add(key))
            {
                rejected.Add(record.SourceFile ?? distributor, record.LineNumber, $"duplicate part number {key}: the first line was kept", record.PartNumber);
                continue;
            }
            records++;
            today[bucket] = today[bucket].GetValueOrDefault().With(RecordFingerprint.Of(record));
        }
        for (var bucket = 0; bucket < today.Length; bucket++) today[bucket] ??= default(BucketFingerprint);

        // Only the buckets whose content differs (or is unknown) are read back, unless every row is to be verified.
        var changedBuckets = Enumerable.Range(0, PartKeys.BucketCount)
            .Where(b => !options.Value.SkipUnchangedBuckets || stored[b] is null || stored[b] != today[b])
            .ToList();
        for (var bucket = 0; bucket < listed.Length; bucket++)
            if (!changedBuckets.Contains(bucket)) listed[bucket] = null; // an unchanged bucket lost no part: its set is not needed
        var known = await index.LoadFingerprintsAsync(distributor, changedBuckets, parallelism, cancellationToken);
        long previouslyListed = 0, missing = 0;
        for (var bucket = 0; bucket < known.Length; bucket++)
        {
            if (known[bucket] is not { } map)
            {
                previouslyListed += stored[bucket]!.Value.Parts; // unchanged: the file lists what the index listed
                continue;
            }
            foreach (var (key, fingerprint) in map)
            {
                if (fingerprint.Hash == RecordFingerprint.MarkedUnavailable) continue;
                previouslyListed++;
                if (!listed[bucket]!.Contains(key)) missing++;
            }
        }

        Array.Clear(listed); // not needed past the drift guard: pass 2 gets the memory

        if (previouslyListed > 0 && missing > maxRemovedShare * previouslyListed)
        {
            return new StockIndexUpdate(records, 0, 0, previouslyListed, 0, changedBuckets.Count, DriftRejection:
                $"The file would mark {missing} of {previouslyListed} listed parts unavailable ({(double)missing / previouslyListed:P0}), " +
                $"more than the {maxRemovedShare:P0} the drift guard allows. Nothing was applied.");
        }

        // Pass 2: in the changed buckets, write the rows whose content changed, then mark the parts the file no longer lists.
        long changed = 0;
        var writer = new BatchWriter(index.Table, parallelism, cancellationToken);
        if (changedBuckets.Count > 0)
        {
            var trusted = (BucketFingerprint?[])stored.Clone();
            foreach (var bucket in changedBuckets) trusted[bucket] = null;
            await index.ForgetBucketFingerprintsAsync(distributor, trusted, cancellationToken);

            try
            {
                await WriteChangesAsync();
            }
            catch
            {
                // Nothing this run started may land after it has failed (a next run could be writing by then).
                await writer.DrainAsync();
                throw;
            }
        }
        await index.WriteCatalogAsync(distributor, asOf, records, today, cancellationToken);
        return new StockIndexUpdate(records, changed, missing, previouslyListed, writer.RowsWritten, changedBuckets.Count, DriftRejection: null);

        async Task WriteChangesAsync()
        {
            foreach (var record in parse(RejectedLines.Discard()))
            {
                var key = PartNumbers.Normalize(record.PartNumber);
                var bucket = PartKeys.Bucket(key);
                if (known[bucket] is not { } map) continue;
                ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out var existed);
                if (entry.Seen) continue; // a duplicate line: the first was kept
                entry.Seen = true;
                var hash = RecordFingerprint.Of(record);
                if (existed && entry.Hash == hash) continue;
                entry.Hash = hash;
                changed++;
                await writer.AddAsync(bucket, new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    TableStockIndex.ToEntity(distributor, bucket, key, record, hash, asOf)));
            }
            foreach (var bucket in changedBuckets)
            {
                foreach (var (key, fingerprint) in known[bucket]!)
                {
                    if (fingerprint.Seen || fingerprint.Hash == RecordFingerprint.MarkedUnavailable) continue;
                    await writer.AddAsync(bucket, new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                        TableStockIndex.MarkUnavailable(distributor, bucket, key, asOf)));
                }
            }
            await writer.FlushAllAsync();
        }
    }

    /// <summary>Per-partition buffers of up to 100 actions, submitted as entity-group transactions with bounded parallelism.</summary>
    private sealed class BatchWriter(TableClient table, int parallelism, CancellationToken cancellationToken)
    {
        private readonly List<TableTransactionAction>?[] buffers = new List<TableTransactionAction>?[PartKeys.BucketCount];
        private readonly List<Task> inFlight = [];

        public long RowsWritten { get; private set; }

        public async ValueTask AddAsync(int bucket, TableTransactionAction action)
        {
            var buffer = buffers[bucket] ??= new List<TableTransactionAction>(BatchLimit);
            buffer.Add(action);
            if (buffer.Count == BatchLimit) await SubmitAsync(bucket);
        }

        /// <summary>Waits for the batches in flight, ignoring their outcome: the run has failed already.</summary>
        public async Task DrainAsync()
        {
            try { await Task.WhenAll(inFlight); }
            catch (Exception) { /* the run's own failure is what the caller reports */ }
            inFlight.Clear();
        }

        public async Task FlushAllAsync()
        {
            for (var bucket = 0; bucket < buffers.Length; bucket++)
                if (buffers[bucket] is { Count: > 0 }) await SubmitAsync(bucket);
            await Task.WhenAll(inFlight);
            inFlight.Clear();
        }

        private async Task SubmitAsync(int bucket)
        {
            var actions = buffers[bucket]!;
            buffers[bucket] = null;
            RowsWritten += actions.Count;
            inFlight.Add(table.SubmitTransactionAsync(actions, cancellationToken));
            if (inFlight.Count < parallelism) return;
            var done = await Task.WhenAny(inFlight);
            inFlight.Remove(done);
            await done; // surfaces a failed batch
        }
    }
}

/// <param name="RecordsRead">Valid, distinct records in the file.</param>
/// <param name="RowsChanged">New or changed parts written.</param>
/// <param name="MarkedUnavailable">Parts the index listed that the file no longer does.</param>
/// <param name="PreviouslyListed">Parts the index listed as available before the run.</param>
/// <param name="TableWrites">Entities written (upserts and merges).</param>
/// <param name="BucketsRead">Buckets whose rows were read back because their fingerprint differed (of <see cref="PartKeys.BucketCount"/>).</param>
/// <param name="DriftRejection">Why the drift guard refused the file, or null when it was applied.</param>
public sealed record StockIndexUpdate(long RecordsRead, long RowsChanged, long MarkedUnavailable, long PreviouslyListed, long TableWrites, int BucketsRead, string? DriftRejection);
