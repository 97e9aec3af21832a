using System.Diagnostics;
using Azure.Data.Tables;
using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using DropShip.Sandbox;
using DropShip.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropShip.Benchmarks;

/// <summary>
/// The sweep benchmark: a tracked-PO index of 100,000 rows on Azurite (POs in flight whose monitors run and checked
/// within Tracking:QuietLimit: nothing to heal), swept by today's algorithm (every row read, the Durable engine asked
/// about each: the baseline, SweepScope.EveryRow) and by the new ones (the five-minute sweep of due rows, and the
/// daily pass that reads every row), side by side in the same run. The Durable client answers at once and counts, so
/// wall times leave out what the engine's status calls cost (each one its own storage reads in Azure).
/// </summary>
public static class SweepBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // A bare number sets the rows; the value after an option ("--runs 3") is the option's.
        var rows = args.Where((a, i) => i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))
            .Select(a => int.TryParse(a, out var n) ? n : 0).FirstOrDefault(n => n > 0, 100_000);
        var runs = Options.Int(args, "--runs", 3);
        Console.WriteLine($"Sweep benchmark: {rows:N0} index rows; {Environment.ProcessorCount} cores; .NET {Environment.Version}; Azurite in memory; median of {runs} runs (min-max).");

        await using var sandbox = await SandboxServer.StartAsync();
        var counter = new StorageRequests();
        var indexTable = "SweepBench" + Guid.NewGuid().ToString("N")[..8];
        var connection = await Azurite.ConnectionStringAsync();
        await using var app = BenchmarkApp.Compose(connection, sandbox, counter, s => s["Tracking:IndexTable"] = indexTable);
        var now = DateTimeOffset.UtcNow;
        var seedingTime = Stopwatch.StartNew();
        // Seeding on a client of its own: not counted, one try per batch (a retried batch whose first try landed fails with
        // 409), and a per-try timeout far beyond the SDK's 100 s, which a batch queued behind others on a single-threaded
        // Azurite of a starved machine can exceed.
        var seeding = new TableClient(connection, indexTable, new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromMinutes(10) } });
        await SeedAsync(seeding, rows, now, app.GetRequiredService<IOptions<TrackingOptions>>().Value);
        Console.WriteLine($"Seeded {rows:N0} rows in {seedingTime.Elapsed.TotalSeconds:0.0} s.");

        var sweeper = app.GetRequiredService<TrackingSweeper>();
        var durable = new CountingDurableClient { Answer = OrchestrationRuntimeStatus.Running };
        var scenarios = new (string Name, SweepScope Scope, List<double> Seconds, List<double> Waiting, List<double> Storage, List<double> Durable)[]
        {
            ("today's sweep: every row asked about (baseline)", SweepScope.EveryRow, [], [], [], []),
            ("new sweep, every 5 minutes: due rows only", SweepScope.Due, [], [], [], []),
            ("new daily pass: every row read, due ones asked about", SweepScope.Daily, [], [], [], []),
        };
        // How much of each sweep is Azurite answering its queries (each page of a query is a scan of the whole table there).
        using var timeline = new RequestTimeline(_ => "storage");
        await sweeper.SweepAsync(durable, SweepScope.Due, CancellationToken.None); // warm-up
        for (var run = 0; run < runs; run++)
            foreach (var (_, scope, seconds, waiting, storage, asked) in scenarios)
            {
                var (storageBefore, durableBefore) = (counter.Total, durable.Total);
                var watch = Stopwatch.StartNew();
                timeline.Begin();
                var started = await sweeper.SweepAsync(durable, scope, CancellationToken.None);
                seconds.Add(watch.Elapsed.TotalSeconds);
                waiting.Add(RequestTimeline.Covered(timeline.End().Steps) / 1000);
                storage.Add(counter.Total - storageBefore);
                asked.Add(durable.Total - durableBefore);
                if (started != 0) throw new InvalidOperationException($"{scope}: started {started} monitors where none was missing.");
            }

        Console.WriteLine();
        Console.WriteLine("| Sweep | Wall time | of which Azurite answering | Storage calls per sweep | Durable calls per sweep |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, _, seconds, waiting, storage, asked) in scenarios)
            Console.WriteLine($"| {name} | {new Figure(seconds).Format("0.000")} s | {new Figure(waiting).Format("0.000")} s | {new Figure(storage).Format("N0")} | {new Figure(asked).Format("N0")} |");
        Console.WriteLine();
        var perDay = 24 * 12;
        Console.WriteLine($"Per day (288 five-minute sweeps): today {new Figure(scenarios[0].Durable).Median * perDay:N0} Durable calls and {new Figure(scenarios[0].Storage).Median * perDay:N0} storage calls; " +
                          $"new {new Figure(scenarios[1].Durable).Median * perDay + new Figure(scenarios[2].Durable).Median:N0} Durable calls and " +
                          $"{new Figure(scenarios[1].Storage).Median * perDay + new Figure(scenarios[2].Storage).Median:N0} storage calls (with one daily pass).");
        return 0;
    }

    /// <summary>
    /// Index rows as submit writes them, then marked seen by their monitors' last check an hour ago: entity-group
    /// transactions of 100 rows (one partition, as the index has), two in flight. Azurite serves one request at a time,
    /// so more in flight only makes each wait longer, not the whole faster (see the README).
    /// </summary>
    private static async Task SeedAsync(TableClient table, int rows, DateTimeOffset now, TrackingOptions options)
    {
        await table.CreateIfNotExistsAsync();
        var batches = Enumerable.Range(0, (rows + 99) / 100).Select(b => Enumerable.Range(b * 100, Math.Min(100, rows - b * 100)).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("tracked", $"store-{i % 1000:D4}|DS{i:D7}-1")
            {
                ["StoreId"] = $"store-{i % 1000:D4}",
                ["PoNumber"] = $"DS{i:D7}-1",
                ["SubmittedAt"] = now - TimeSpan.FromDays(3),
                ["DueAt"] = now - TimeSpan.FromHours(1) + options.QuietLimit,
            })).ToList());
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
    }
}
