using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Feeds.Runs;
using DropShip.Core.Feeds.StockIndex;
using DropShip.Tests.Feeds.Servers;

namespace DropShip.Tests.Feeds;

/// <summary>
/// The stock index keeps a fingerprint per bucket: an unchanged bucket is neither read back nor written, a changed one
/// is diffed row by row as before. Against Azurite, with every Table request counted.
/// </summary>
public class BucketFingerprintTests
{
    private const string Wps = DropShip.Core.Distributors.Wps.WpsDistributor.Key;

    private static FeedRecord Part(int i, decimal? cost = null) =>
        new($"FP-{i:D5}", i % 9, false, [], cost ?? 10m + i % 50, 30m, null, PartAvailability.Available, "STK");

    private static async Task<StockIndexUpdate> ApplyAsync(FeedsHarness feeds, IEnumerable<FeedRecord> records, double maxRemovedShare = 0.5)
    {
        var list = records.ToList();
        feeds.Time.Advance(TimeSpan.FromDays(1));
        return await feeds.Updater.UpdateAsync(Wps, _ => list, new RejectedLines(), feeds.Time.GetUtcNow(), maxRemovedShare, CancellationToken.None);
    }

    private static int Bucket(int i) => PartKeys.Bucket(PartNumbers.Normalize(Part(i).PartNumber));

    [Fact]
    public async Task Unchanged_buckets_are_skipped_and_changed_ones_write_only_their_changed_rows()
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>());
        var parts = Enumerable.Range(0, 1000).ToList();

        var first = await ApplyAsync(feeds, parts.Select(i => Part(i)));
        Assert.Equal((1000L, 1000L, PartKeys.BucketCount), (first.RowsChanged, first.TableWrites, first.BucketsRead)); // nothing known yet

        feeds.Requests.Reset();
        var same = await ApplyAsync(feeds, parts.Select(i => Part(i)).Reverse()); // line order is not content
        Assert.Equal((1000L, 0L, 0L, 0), (same.RecordsRead, same.RowsChanged, same.TableWrites, same.BucketsRead));
        Assert.Equal(1, feeds.Requests.To(feeds.StockTable, "GET"));  // the catalog row with the fingerprints, no partition read back
        Assert.Equal(1, feeds.Requests.To(feeds.StockTable, "PUT"));  // the catalog row: when this feed was applied
        Assert.Equal(0, feeds.Requests.To("$batch"));

        // 5% repriced: only those rows are written, and only their buckets are read back.
        var repriced = parts.Where(i => i % 20 == 3).ToHashSet();
        var fivePercent = await ApplyAsync(feeds, parts.Select(i => repriced.Contains(i) ? Part(i, 99m) : Part(i)));
        Assert.Equal((50L, 50L, 0L), (fivePercent.RowsChanged, fivePercent.TableWrites, fivePercent.MarkedUnavailable));
        Assert.Equal(repriced.Select(Bucket).Distinct().Count(), fivePercent.BucketsRead);
        Assert.Equal(99m, (await feeds.Lookup.FindAsync(Wps, Part(3).PartNumber, default))!.DealerCost);
    }

    [Fact]
    public async Task A_part_gone_from_the_file_becomes_unavailable_once_and_comes_back_when_listed_again()
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>());
        var parts = Enumerable.Range(0, 300).ToList();
        await ApplyAsync(feeds, parts.Select(i => Part(i)));

        var gone = await ApplyAsync(feeds, parts.Where(i => i != 42).Select(i => Part(i)));
        Assert.Equal((1L, 1L, 300L, 1), (gone.MarkedUnavailable, gone.TableWrites, gone.PreviouslyListed, gone.BucketsRead));
        var missing = await feeds.Lookup.FindAsync(Wps, Part(42).PartNumber, default);
        Assert.Equal((0, PartAvailability.Unavailable, Part(42).DealerCost), (missing!.Quantity, missing.Availability, missing.DealerCost));

        var stillGone = await ApplyAsync(feeds, parts.Where(i => i != 42).Select(i => Part(i)));
        Assert.Equal((0L, 0L, 299L, 0), (stillGone.TableWrites, stillGone.MarkedUnavailable, stillGone.PreviouslyListed, stillGone.BucketsRead));

        var back = await ApplyAsync(feeds, parts.Select(i => Part(i)));
        Assert.Equal((1L, 1L, 1), (back.RowsChanged, back.TableWrites, back.BucketsRead));
        Assert.Equal(PartAvailability.Available, (await feeds.Lookup.FindAsync(Wps, Part(42).PartNumber, default))!.Availability);
    }

    [Fact]
    public async Task The_drift_guard_counts_missing_parts_in_the_changed_buckets_and_writes_nothing()
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>());
        var parts = Enumerable.Range(0, 400).ToList();
        await ApplyAsync(feeds, parts.Select(i => Part(i)));

        feeds.Requests.Reset();
        var truncated = await ApplyAsync(feeds, parts.Take(100).Select(i => Part(i, 1m)));

        Assert.NotNull(truncated.DriftRejection);
        Assert.Contains("300 of 400", truncated.DriftRejection);
        Assert.Equal(0, feeds.Requests.Writes);
        // Rejected content leaves the fingerprints alone: the next good file is recognised as unchanged.
        var good = await ApplyAsync(feeds, parts.Select(i => Part(i)));
        Assert.Null(good.DriftRejection);
        Assert.Equal((0L, 0), (good.TableWrites, good.BucketsRead));
    }

    [Fact]
    public async Task A_run_that_fails_half_way_leaves_its_buckets_to_be_read_back_so_a_reverted_file_repairs_them()
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>());
        var parts = Enumerable.Range(0, 5000).ToList();
        await ApplyAsync(feeds, parts.Select(i => Part(i)));

        // Everything repriced, and the second pass (the writes) breaks after 4,000 lines.
        var passes = 0;
        IEnumerable<FeedRecord> Breaking(RejectedLines _)
        {
            var pass = ++passes;
            foreach (var i in parts)
            {
                if (pass == 2 && i == 4000) throw new IOException("the archived blob could not be read");
                yield return Part(i, 77m);
            }
        }
        feeds.Time.Advance(TimeSpan.FromDays(1));
        await Assert.ThrowsAsync<IOException>(() => feeds.Updater.UpdateAsync(Wps, Breaking, new RejectedLines(), feeds.Time.GetUtcNow(), 0.5, default));

        // A bucket fills a batch of 100 before the break: its first part was written with the new price.
        var firstOfAFullBucket = parts.Take(4000).GroupBy(Bucket).First(g => g.Count() >= 100).First();
        Assert.Equal(77m, await DealerCostInTableAsync(feeds, firstOfAFullBucket));
        Assert.All(await feeds.Index.ReadBucketFingerprintsAsync(Wps, default), bucket => Assert.Null(bucket));

        // The distributor's next file is yesterday's again: matching the old fingerprints must not be trusted now.
        var reverted = await ApplyAsync(feeds, parts.Select(i => Part(i)));
        Assert.Equal(PartKeys.BucketCount, reverted.BucketsRead);
        Assert.True(reverted.RowsChanged > 0);
        Assert.Equal(Part(firstOfAFullBucket).DealerCost, await DealerCostInTableAsync(feeds, firstOfAFullBucket));
    }

    [Fact]
    public async Task An_index_written_before_fingerprints_is_read_back_once_then_skipped()
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>());
        var parts = Enumerable.Range(0, 200).ToList();
        await ApplyAsync(feeds, parts.Select(i => Part(i)));
        // The catalog row as the previous version wrote it: no fingerprint column.
        var table = feeds.Tables.GetTableClient(feeds.StockTable);
        var catalog = (await table.GetEntityAsync<TableEntity>(TableStockIndex.CatalogPartition, Wps)).Value;
        catalog.Remove("BucketFingerprints");
        await table.UpsertEntityAsync(catalog, TableUpdateMode.Replace);

        var upgraded = await ApplyAsync(feeds, parts.Select(i => Part(i)));
        var next = await ApplyAsync(feeds, parts.Select(i => Part(i)));

        Assert.Equal((PartKeys.BucketCount, 0L), (upgraded.BucketsRead, upgraded.TableWrites));
        Assert.Equal((0, 0L), (next.BucketsRead, next.TableWrites));
    }

    [Fact]
    public async Task The_row_by_row_diff_can_still_be_chosen_and_finds_the_same_nothing()
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?> { ["SkipUnchangedBuckets"] = "false" });
        var parts = Enumerable.Range(0, 200).ToList();
        await ApplyAsync(feeds, parts.Select(i => Part(i)));

        var again = await ApplyAsync(feeds, parts.Select(i => Part(i)));

        Assert.Equal((PartKeys.BucketCount, 0L), (again.BucketsRead, again.TableWrites));
    }

    [Fact]
    public async Task Next_day_same_wps_file_over_ftp_reads_nothing_back_and_dates_every_part_to_the_new_run()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        const string path = "Pricing/WPS_Daily_Combined.csv";
        ftp.Put(path, FeedSamples.Wps(120));
        await using var feeds = await FeedsHarness.CreateAsync(FeedsHarness.Ftp(Wps, ftp.Port, path));
        Assert.Equal(FeedRunOutcome.Succeeded, (await feeds.Ingestion.IngestAsync(Wps, default)).Outcome);

        feeds.Time.Advance(TimeSpan.FromDays(1));
        feeds.Requests.Reset();
        var run = await feeds.Ingestion.IngestAsync(Wps, default);

        Assert.Equal((FeedRunOutcome.Succeeded, 120L, 0L, 0L), (run.Outcome, run.RowsRead, run.RowsChanged, run.TableWrites));
        Assert.Equal(1, feeds.Requests.To(feeds.StockTable, "GET"));
        Assert.Equal(FeedsHarness.Morning.AddDays(1), (await feeds.Lookup.FindAsync(Wps, FeedSamples.WpsSku(7), default))!.AsOf);
    }

    private static async Task<decimal?> DealerCostInTableAsync(FeedsHarness feeds, int part)
    {
        var key = PartNumbers.Normalize(Part(part).PartNumber);
        var row = await feeds.Tables.GetTableClient(feeds.StockTable).GetEntityAsync<TableEntity>(PartKeys.PartitionKey(Wps, PartKeys.Bucket(key)), PartKeys.RowKey(key));
        return decimal.Parse(row.Value.GetString("DealerCost"), System.Globalization.CultureInfo.InvariantCulture);
    }
}
