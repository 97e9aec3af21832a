using System.Diagnostics;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Distributors.Wps;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Feeds.Runs;
using DropShip.Core.Feeds.Sources;
using DropShip.Core.Feeds.StockIndex;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Benchmarks;

/// <summary>
/// The feeds benchmark: a generated WPS-style file parsed, ingested cold, re-ingested unchanged (same day: recognised by
/// its hash; next day: with bucket fingerprints, and with the row-by-row diff they replace), and ingested with 5% of
/// rows changed; beside them, a naive full upsert of every row. Azurite (in memory) stands in for Table and Blob
/// storage. Every figure is the median of several runs after a warm-up run, with min and max. Memory is shown twice: the
/// largest managed heap (garbage not yet collected included, so it depends on the GC's budget on the machine) and the
/// largest heap a collection left behind (what the run holds on to).
/// </summary>
public static class FeedsBenchmark
{
    /// <summary>The scenarios in the order they run; the naive upserts into a full table take ~14 minutes each on Azurite.</summary>
    private static readonly string[] All = ["parse", "cold", "same-day", "next-day", "next-day-row-diff", "five-percent", "naive-cold", "naive-unchanged", "naive-five-percent"];
    private static readonly string[] Quick = ["parse", "cold", "same-day", "next-day", "next-day-row-diff", "five-percent", "naive-cold"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Where((_, i) => i == 0 || args[i - 1] != "--runs").Select(a => int.TryParse(a, out var n) ? n : 0).FirstOrDefault(n => n > 0, 300_000);
        var runs = Options.Int(args, "--runs", 3);
        var named = args.Where(All.Contains).ToList();
        var selected = named.Count > 0 ? named : Options.Flag(args, "--quick") ? [.. Quick] : All.ToList();
        var dir = Directory.CreateTempSubdirectory("dropship-bench-").FullName;
        try
        {
            var baseFile = Path.Combine(dir, "base.csv");
            var changedFile = Path.Combine(dir, "changed.csv");
            WpsFeedGenerator.Write(baseFile, rows);
            WpsFeedGenerator.Write(changedFile, rows, i => i % 20 == 7);
            Console.WriteLine($"Feeds benchmark: {rows:N0} WPS rows, {new FileInfo(baseFile).Length / 1048576.0:N1} MB; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
            Console.WriteLine($"Scenarios: {string.Join(", ", selected)}. Each figure: median of {runs} runs (min-max) after one warm-up run.");
            var results = new List<string>();
            void Report(string name, IReadOnlyList<Measured<long?>> measured)
            {
                var seconds = new Figure(measured.Select(m => m.Elapsed.TotalSeconds).ToList());
                var perSecond = new Figure(measured.Select(m => rows / m.Elapsed.TotalSeconds).ToList());
                var megabytes = new Figure(measured.Select(m => m.PeakManagedBytes / 1048576.0).ToList());
                var live = new Figure(measured.Select(m => m.PeakLiveBytes / 1048576.0).ToList());
                var writes = measured[^1].Value is { } w ? w.ToString("N0") : "-";
                // A run too short to trigger a collection has no live figure.
                var liveText = measured.All(m => m.PeakLiveBytes == 0) ? "- (no GC ran)" : live.Format("N0") + " MB";
                results.Add($"| {name} | {seconds.Format("N2")} s | {perSecond.Format("N0")} | {megabytes.Format("N0")} MB | {liveText} | {writes} |");
                Console.WriteLine(results[^1]);
            }

            if (selected.Contains("parse"))
                Report("Parse only (local file, no storage)", await RepeatAsync(runs, () =>
                {
                    if (ParseCount(baseFile) != rows) throw new InvalidOperationException("The generated file did not parse whole.");
                    return Task.FromResult<long?>(null);
                }, null));
            if (selected.All(s => s == "parse")) return Print(results);

            var connection = await Azurite.ConnectionStringAsync();
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
            var source = new LocalDirectorySource(dir) { File = baseFile };
            var stockTable = "BenchStock" + Guid.NewGuid().ToString("N")[..8];
            await using var fingerprints = Compose(connection, time, source, stockTable, skipUnchangedBuckets: true);
            await using var rowDiff = Compose(connection, time, source, stockTable, skipUnchangedBuckets: false);

            async Task<long?> IngestAsync(ServiceProvider app, string file, FeedRunOutcome expected)
            {
                source.File = file;
                var run = await app.GetRequiredService<FeedIngestionService>().IngestAsync(WpsDistributor.Key, CancellationToken.None);
                if (run.Outcome != expected) throw new InvalidOperationException($"Expected {expected}, got {run.Outcome}: {run.Message}");
                return run.TableWrites;
            }

            // Cold: each run into an empty table of its own. Then the index the next scenarios work on gets the file.
            if (selected.Contains("cold"))
            {
                var coldRuns = new List<Measured<long?>>();
                for (var run = -1; run < runs; run++)
                {
                    await using var empty = Compose(connection, time, source, "BenchCold" + Guid.NewGuid().ToString("N")[..8], skipUnchangedBuckets: true);
                    time.Advance(TimeSpan.FromDays(1)); // a new day: the archived file is not yet applied
                    var measured = await MeasureAsync(() => IngestAsync(empty, baseFile, FeedRunOutcome.Succeeded));
                    if (run >= 0) coldRuns.Add(measured);
                }
                Report("Cold: empty index", coldRuns);
            }
            time.Advance(TimeSpan.FromDays(1));
            await IngestAsync(fingerprints, baseFile, FeedRunOutcome.Succeeded);

            if (selected.Contains("same-day"))
                Report("Unchanged, same day (content hash matches: nothing parsed)", await RepeatAsync(runs,
                    () => IngestAsync(fingerprints, baseFile, FeedRunOutcome.Unchanged), () => time.Advance(TimeSpan.FromMinutes(10))));
            if (selected.Contains("next-day"))
                Report("Unchanged, next day: bucket fingerprints", await RepeatAsync(runs,
                    () => IngestAsync(fingerprints, baseFile, FeedRunOutcome.Succeeded), () => time.Advance(TimeSpan.FromDays(1))));
            if (selected.Contains("next-day-row-diff"))
                Report("Unchanged, next day: row-by-row diff (before fingerprints)", await RepeatAsync(runs,
                    () => IngestAsync(rowDiff, baseFile, FeedRunOutcome.Succeeded), () => time.Advance(TimeSpan.FromDays(1))));
            if (selected.Contains("five-percent"))
            {
                // Each run swaps the file, so each is a day with 5% of the rows changed.
                var files = new[] { changedFile, baseFile };
                var turn = 0;
                Report("5% changed: bucket fingerprints", await RepeatAsync(runs,
                    () => IngestAsync(fingerprints, files[turn++ % 2], FeedRunOutcome.Succeeded), () => time.Advance(TimeSpan.FromDays(1))));
            }

            var baseline = new FullUpsertBaseline(connection);
            if (selected.Contains("naive-cold"))
                Report("Cold: naive full upsert", await RepeatAsync(runs, () => baseline.UpsertAllAsync(baseFile), null, before: baseline.UseNewTableAsync));
            else if (selected.Any(s => s is "naive-unchanged" or "naive-five-percent"))
                await baseline.UpsertAllAsync(baseFile);
            // These replace 300,000 existing rows each run (~14 minutes on Azurite): no separate warm-up run.
            if (selected.Contains("naive-unchanged"))
                Report("Unchanged: naive full upsert", await RepeatAsync(runs, () => baseline.UpsertAllAsync(baseFile), null, warmUp: false));
            if (selected.Contains("naive-five-percent"))
            {
                var files = new[] { changedFile, baseFile };
                var turn = 0;
                Report("5% changed: naive full upsert", await RepeatAsync(runs, () => baseline.UpsertAllAsync(files[turn++ % 2]), null, warmUp: false));
            }
            return Print(results);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Print(List<string> results)
    {
        Console.WriteLine();
        Console.WriteLine("| Scenario | Wall time | Rows/s | Peak managed heap | Peak live heap (after a GC) | Table writes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results) Console.WriteLine(r);
        return 0;
    }

    private static long ParseCount(string file)
    {
        using var stream = File.OpenRead(file);
        long n = 0;
        foreach (var _ in WpsFeed.Parse(stream, new RejectedLines())) n++;
        return n;
    }

    /// <summary>One warm-up run (unless told otherwise), then <paramref name="runs"/> measured ones; <paramref name="between"/> runs before each.</summary>
    private static async Task<List<Measured<long?>>> RepeatAsync(int runs, Func<Task<long?>> action, Action? between, bool warmUp = true, Func<Task>? before = null)
    {
        var measured = new List<Measured<long?>>();
        for (var run = warmUp ? -1 : 0; run < runs; run++)
        {
            between?.Invoke();
            if (before is not null) await before();
            var result = await MeasureAsync(action);
            if (run >= 0) measured.Add(result);
        }
        return measured;
    }

    private static ServiceProvider Compose(string connection, TimeProvider time, LocalDirectorySource source, string stockTable, bool skipUnchangedBuckets)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feeds:Sources:wps:Protocol"] = "Ftp",
            ["Feeds:Sources:wps:Host"] = "localhost",
            ["Feeds:StockIndexTable"] = stockTable,
            ["Feeds:SkipUnchangedBuckets"] = skipUnchangedBuckets.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton(new TableServiceClient(connection));
        services.AddSingleton(new Azure.Storage.Blobs.BlobServiceClient(connection));
        services.AddFeeds(configuration);
        // The download is not what is measured: files come from the local disk instead of an FTP server.
        services.RemoveAll<IFeedFileSource>();
        services.AddSingleton<IFeedFileSource>(source);
        return services.BuildServiceProvider();
    }

    /// <param name="PeakManagedBytes">The largest managed heap seen, garbage not yet collected included.</param>
    /// <param name="PeakLiveBytes">The largest heap left after a collection: what the run holds on to.</param>
    private sealed record Measured<T>(T Value, TimeSpan Elapsed, long PeakManagedBytes, long PeakLiveBytes);

    /// <summary>Wall time and the peaks of the managed heap, sampled every 10 ms from a clean start.</summary>
    private static async Task<Measured<T>> MeasureAsync<T>(Func<Task<T>> action)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long peak = GC.GetTotalMemory(false), live = 0;
        var collections = GC.CollectionCount(0);
        void Sample()
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            // After the run's own first collection, the heap size the last collection left behind.
            if (GC.CollectionCount(0) != collections) live = Math.Max(live, GC.GetGCMemoryInfo().HeapSizeBytes);
        }
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false)) Sample();
        });
        var watch = Stopwatch.StartNew();
        var value = await action();
        watch.Stop();
        Sample();
        await stop.CancelAsync();
        try { await sampler; } catch (OperationCanceledException) { }
        return new Measured<T>(value, watch.Elapsed, peak, live);
    }

    private sealed class LocalDirectorySource(string root) : IFeedFileSource
    {
        public string File { get; set; } = "";
        public bool Handles(FeedProtocol protocol) => true;
        public Task<Stream> OpenReadAsync(FeedSourceOptions source, string remotePath, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(System.IO.File.OpenRead(Path.Combine(root, File)));
    }

    /// <summary>What the diff replaces: every parsed row upserted every day, in the same batches and parallelism.</summary>
    private sealed class FullUpsertBaseline(string connection)
    {
        private TableClient table = NewTable(connection);

        /// <summary>An empty table for the next run (a cold start).</summary>
        public async Task UseNewTableAsync()
        {
            table = NewTable(connection);
            await table.CreateIfNotExistsAsync();
        }

        private static TableClient NewTable(string connection) => new TableServiceClient(connection).GetTableClient("BenchNaive" + Guid.NewGuid().ToString("N")[..8]);

        public async Task<long?> UpsertAllAsync(string file)
        {
            await table.CreateIfNotExistsAsync();
            var buffers = new List<TableTransactionAction>?[PartKeys.BucketCount];
            var inFlight = new List<Task>();
            long written = 0;
            async Task Submit(int bucket)
            {
                var actions = buffers[bucket]!;
                buffers[bucket] = null;
                written += actions.Count;
                inFlight.Add(table.SubmitTransactionAsync(actions));
                if (inFlight.Count < 8) return;
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                await done;
            }
            await using var stream = System.IO.File.OpenRead(file);
            foreach (var record in WpsFeed.Parse(stream, new RejectedLines()))
            {
                var key = PartNumbers.Normalize(record.PartNumber);
                var bucket = PartKeys.Bucket(key);
                (buffers[bucket] ??= new(100)).Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    TableStockIndex.ToEntity(WpsDistributor.Key, bucket, key, record, RecordFingerprint.Of(record), DateTimeOffset.UtcNow)));
                if (buffers[bucket]!.Count == 100) await Submit(bucket);
            }
            for (var b = 0; b < buffers.Length; b++) if (buffers[b] is { Count: > 0 }) await Submit(b);
            await Task.WhenAll(inFlight);
            return written;
        }
    }
}
