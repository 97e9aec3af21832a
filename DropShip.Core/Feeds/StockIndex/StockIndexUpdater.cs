using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using DropShip.Core.Feeds.Parsing;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Feeds.StockIndex;

/// <summary>
/// Applies one parsed feed to the index, writing only what changed.
/// Pass 1 streams the file against the fingerprint map (what the index holds) and decides, for every part, unchanged,
/// changed or new, and which known parts the file no longer lists. The drift guard looks at that count before anything
/// is written. Pass 2 streams the file again and writes the changed rows in entity-group batches of up to 100 per
/// partition, several partitions in parallel, then marks the missing parts unavailable. Two passes over the archived
/// blob cost far less than holding a day's changed records in memory.
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
        var known = await index.LoadFingerprintsAsync(distributor, parallelism, cancellationToken);
        long previouslyListed = 0;
        foreach (var bucket in known)
            foreach (var fingerprint in bucket.Values)
                if (fingerprint.Hash != RecordFingerprint.MarkedUnavailable) previouslyListed++;

        // Pass 1: diff, no writes.
        long records = 0, changed = 0;
        foreach (var record in parse(rejected))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = PartKeys.Normalize(record.PartNumber);
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(known[PartKeys.Bucket(key)], key, out var existed);
            if (entry.Seen != PartSeen.NotYet)
            {
                rejected.Add(record.SourceFile ?? distributor, record.LineNumber, $"duplicate part number {key}: the first line was kept", record.PartNumber);
                continue;
            }
            records++;
            var hash = RecordFingerprint.Of(record);
            entry.Seen = existed && entry.Hash == hash ? PartSeen.Unchanged : PartSeen.Changed;
            entry.Hash = hash;
            if (entry.Seen == PartSeen.Changed) changed++;
        }

        long missing = 0;
        foreach (var bucket in known)
            foreach (var fingerprint in bucket.Values)
                if (fingerprint.Seen == PartSeen.NotYet && fingerprint.Hash != RecordFingerprint.MarkedUnavailable) missing++;

        if (previouslyListed > 0 && missing > maxRemovedShare * previouslyListed)
        {
            return new StockIndexUpdate(records, 0, 0, previouslyListed, 0, DriftRejection:
                $"The file would mark {missing} of {previouslyListed} listed parts unavailable ({(double)missing / previouslyListed:P0}), " +
                $"more than the {maxRemovedShare:P0} the drift guard allows. Nothing was applied.");
        }

        // Pass 2: write what pass 1 found changed, then mark the parts the file no longer lists.
        var writer = new BatchWriter(index.Table, parallelism, cancellationToken);
        if (changed > 0)
        {
            foreach (var record in parse(RejectedLines.Discard()))
            {
                var key = PartKeys.Normalize(record.PartNumber);
                var bucket = PartKeys.Bucket(key);
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(known[bucket], key);
                if (Unsafe.IsNullRef(ref entry) || entry.Seen != PartSeen.Changed) continue;
                entry.Seen = PartSeen.Written;
                await writer.AddAsync(bucket, new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    TableStockIndex.ToEntity(distributor, bucket, key, record, entry.Hash, asOf)));
            }
        }
        long listed = 0;
        for (var bucket = 0; bucket < known.Length; bucket++)
        {
            foreach (var (key, fingerprint) in known[bucket])
            {
                if (fingerprint.Seen != PartSeen.NotYet) { listed++; continue; }
                if (fingerprint.Hash == RecordFingerprint.MarkedUnavailable) continue;
                await writer.AddAsync(bucket, new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                    TableStockIndex.MarkUnavailable(distributor, bucket, key, asOf)));
            }
        }
        await writer.FlushAllAsync();
        await index.WriteCatalogAsync(distributor, asOf, listed, cancellationToken);
        return new StockIndexUpdate(records, changed, missing, previouslyListed, writer.RowsWritten, DriftRejection: null);
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
/// <param name="DriftRejection">Why the drift guard refused the file, or null when it was applied.</param>
public sealed record StockIndexUpdate(long RecordsRead, long RowsChanged, long MarkedUnavailable, long PreviouslyListed, long TableWrites, string? DriftRejection);
