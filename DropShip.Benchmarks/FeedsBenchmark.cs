using DropShip.Core.Distributors.Wps;
using System.Diagnostics;
using Azure.Data.Tables;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Feeds.Sources;
using DropShip.Core.Feeds.StockIndex;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Benchmarks;

/// <summary>
/// The feeds benchmark: a generated WPS-style file ingested cold, re-ingested unchanged (same day: recognised by hash;
/// next day: diffed row by row), and ingested with 5% of rows changed, each beside a naive full upsert of every row,
/// plus a parse-only figure. Azurite (in memory) stands in for Table and Blob storage.
/// </summary>
public static class FeedsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0]) : 300_000;
        var dir = Directory.CreateTempSubdirectory("dropship-bench-").FullName;
        try
        {
            var baseFile = Path.Combine(dir, "base.csv");
            var changedFile = Path.Combine(dir, "changed.csv");
            WpsFeedGenerator.Write(baseFile, rows);
            WpsFeedGenerator.Write(changedFile, rows, i => i % 20 == 7);
            Console.WriteLine($"Feeds benchmark: {rows:N0} WPS rows, {new FileInfo(baseFile).Length / 1048576.0:N1} MB; {Environment.ProcessorCount} cores; .NET {Environment.Version}");

            var results = new List<string>();
            // Parse only: best of three, from a local file.
            var parse = Enumerable.Range(0, 3).Select(_ => Measure(() =>
            {
                using var file = File.OpenRead(baseFile);
                long n = 0;
                foreach (var _ in WpsFeed.Parse(file, new RejectedLines())) n++;
                return Task.FromResult(n);
            }).Result).OrderBy(m => m.Elapsed).First();
            results.Add(Row("Parse only (local file, no storage)", parse.Elapsed, parse.Value, parse.PeakManagedBytes, null));
            Console.WriteLine(results[^1]);
            if (args.Contains("--parse-only")) return 0;

            var connection = await Azurite.ConnectionStringAsync();
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
            var source = new LocalDirectorySource(dir) { File = baseFile };
            await using var services = Compose(connection, time, source);
            var ingestion = services.GetRequiredService<FeedIngestionService>();
            var baseline = new FullUpsertBaseline(new TableServiceClient(connection).GetTableClient("BaselineStockIndex"));

            async Task Scenario(string name, string file)
            {
                source.File = file;
                var run = await Measure(() => ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None));
                if (run.Value.Outcome is not (DropShip.Core.Feeds.Runs.FeedRunOutcome.Succeeded or DropShip.Core.Feeds.Runs.FeedRunOutcome.Unchanged))
                    throw new InvalidOperationException($"{name}: {run.Value.Outcome} {run.Value.Message}");
                results.Add(Row($"{name}: changed rows only ({run.Value.Outcome})", run.Elapsed, rows, run.PeakManagedBytes, run.Value.TableWrites));
                Console.WriteLine(results[^1]);
            }
            async Task Baseline(string name, string file)
            {
                var run = await Measure(() => baseline.UpsertAllAsync(file));
                results.Add(Row($"{name}: naive full upsert", run.Elapsed, rows, run.PeakManagedBytes, run.Value));
                Console.WriteLine(results[^1]);
            }

            await Scenario("Cold", baseFile);
            await Baseline("Cold", baseFile);
            time.Advance(TimeSpan.FromHours(1));
            await Scenario("Unchanged, same day", baseFile);
            time.Advance(TimeSpan.FromDays(1));
            await Scenario("Unchanged, next day", baseFile);
            await Baseline("Unchanged", baseFile);
            time.Advance(TimeSpan.FromDays(1));
            await Scenario("5% changed", changedFile);
            await Baseline("5% changed", changedFile);

            Console.WriteLine();
            Console.WriteLine("| Scenario | Wall time | Rows/s | Peak managed memory | Table writes |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var r in results) Console.WriteLine(r);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static ServiceProvider Compose(string connection, TimeProvider time, LocalDirectorySource source)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feeds:Sources:wps:Protocol"] = "Ftp",
            ["Feeds:Sources:wps:Host"] = "localhost",
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

    private static string Row(string name, TimeSpan elapsed, long rows, long peakBytes, long? writes) =>
        $"| {name} | {elapsed.TotalSeconds:N2} s | {rows / elapsed.TotalSeconds:N0} | {peakBytes / 1048576.0:N0} MB | {(writes is { } w ? w.ToString("N0") : "-")} |";

    private sealed record Measured<T>(T Value, TimeSpan Elapsed, long PeakManagedBytes);

    /// <summary>Wall time and the peak of the managed heap, sampled every 10 ms from a clean start.</summary>
    private static async Task<Measured<T>> Measure<T>(Func<Task<T>> action)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long peak = GC.GetTotalMemory(false);
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false) || true)
                peak = Math.Max(peak, GC.GetTotalMemory(false));
        });
        var watch = Stopwatch.StartNew();
        var value = await action();
        watch.Stop();
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        await stop.CancelAsync();
        try { await sampler; } catch (OperationCanceledException) { }
        return new Measured<T>(value, watch.Elapsed, peak);
    }

    private sealed class LocalDirectorySource(string root) : IFeedFileSource
    {
        public string File { get; set; } = "";
        public bool Handles(FeedProtocol protocol) => true;
        public Task<Stream> OpenReadAsync(FeedSourceOptions source, string remotePath, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(System.IO.File.OpenRead(Path.Combine(root, File)));
    }

    /// <summary>What the diff replaces: every parsed row upserted every day, in the same batches and parallelism.</summary>
    private sealed class FullUpsertBaseline(TableClient table)
    {
        public async Task<long> UpsertAllAsync(string file)
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
                var key = PartKeys.Normalize(record.PartNumber);
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
