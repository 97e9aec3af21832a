using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using DropShip.Core;
using DropShip.Core.Caching;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Feeds.StockIndex;
using DropShip.Core.Storage;
using DropShip.Functions;
using DropShip.Functions.Eligibility;
using DropShip.Functions.Health;
using DropShip.Sandbox;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DropShip.Benchmarks;

/// <summary>
/// The eligibility benchmark: the HTTP function classes called in-process the way the tests call them (the Functions
/// host cannot run here), against Azurite in memory, with <c>health</c> (one storage call) as the baseline measured in
/// the same run. Scenarios: one item, a 10-item order, each also with every read cache off (each request reads
/// everything, as on an instance's first sight of that store, order and parts). Per scenario: p50/p99 latency at one
/// caller, throughput at 50 callers, storage requests per request.
/// </summary>
public static class EligibilityBenchmark
{
    private const int Parts = 20_000;
    private const int Bodies = 2_000;
    private const int OrderItems = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Options.Int(args, "--runs", 5);
        var latencyRequests = Options.Int(args, "--requests", 300);
        var seconds = Options.Int(args, "--seconds", 3);
        var callers = Options.Int(args, "--callers", 50);
        Console.WriteLine($"Eligibility benchmark: {Environment.ProcessorCount} cores; .NET {Environment.Version}; Azurite in memory; functions called in-process.");
        Console.WriteLine($"Each figure: median of {runs} runs (min-max) after a warm-up; latency over {latencyRequests} sequential requests, " +
                          $"throughput with {callers} callers for {seconds} s. Scenarios are interleaved run by run.");

        await using var sandbox = await SandboxServer.StartAsync();
        var connection = await Azurite.ConnectionStringAsync();
        var counter = new StorageRequests();
        await using var cached = Compose(connection, sandbox, counter, cachesOff: false);
        await using var uncached = Compose(connection, sandbox, counter, cachesOff: true);
        var storeId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(cached, storeId);

        var health = cached.GetRequiredService<HealthFunction>();
        var single = Enumerable.Range(0, Bodies).Select(i => Json(Item(i, 0))).ToArray();
        var orders = Enumerable.Range(0, Bodies / 10).Select(o => Json(Order(Bodies + o, OrderItems))).ToArray();
        Scenario Single(string name, ServiceProvider app)
        {
            var function = app.GetRequiredService<EligibilityFunction>();
            return new(name, i => function.CheckEligibility(Request("POST", single[i % single.Length]), storeId));
        }
        Scenario WholeOrder(string name, ServiceProvider app)
        {
            var function = app.GetRequiredService<EligibilityFunction>();
            return new(name, i => function.CheckOrderEligibility(Request("POST", orders[i % orders.Length]), storeId));
        }
        var scenarios = new List<Scenario>
        {
            new("health (baseline)", _ => health.Health(Request("GET", null))),
            Single("eligibility, 1 item", cached),
            WholeOrder($"eligibility, {OrderItems}-item order", cached),
            Single("eligibility, 1 item, caches off", uncached),
            WholeOrder($"eligibility, {OrderItems}-item order, caches off", uncached),
        };

        // A quicker subset: health and the two figures with the caches on.
        if (Options.Flag(args, "--cached-only")) scenarios.RemoveAll(s => s.Name.Contains("caches off"));

        foreach (var scenario in scenarios) await WarmUpAsync(scenario, callers);
        for (var run = 0; run < runs; run++)
            foreach (var scenario in scenarios)
            {
                await LatencyAsync(scenario, latencyRequests, counter);
                await ThroughputAsync(scenario, callers, TimeSpan.FromSeconds(seconds));
            }

        Console.WriteLine();
        Console.WriteLine($"| Scenario | p50, 1 caller | p99, 1 caller | Throughput, {callers} callers | Storage calls per request | CPU of this process per request |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in scenarios)
            Console.WriteLine($"| {s.Name} | {new Figure(s.P50).Format("0.00")} ms | {new Figure(s.P99).Format("0.00")} ms | {new Figure(s.Throughput).Format("N0")} req/s | " +
                              $"{new Figure(s.StorageCalls).Format("0.0")} | {new Figure(s.CpuPerRequest).Format("0.000")} ms |");
        Console.WriteLine();
        var ratio = new Figure(scenarios[1].Throughput).Median / new Figure(scenarios[0].Throughput).Median;
        var orderLatency = new Figure(scenarios[2].P50).Median / new Figure(scenarios[1].P50).Median;
        Console.WriteLine($"Single-item throughput / health throughput: {ratio:0.00} (target at least 0.6): {(ratio >= 0.6 ? "met" : "NOT met")}");
        Console.WriteLine($"{OrderItems}-item order p50 / single-item p50: {orderLatency:0.00} (target at most 2): {(orderLatency <= 2 ? "met" : "NOT met")}");
        if (scenarios.Count == 5)
            Console.WriteLine($"Caches off: single-item throughput / health {new Figure(scenarios[3].Throughput).Median / new Figure(scenarios[0].Throughput).Median:0.00}, " +
                              $"order p50 / single p50 {new Figure(scenarios[4].P50).Median / new Figure(scenarios[3].P50).Median:0.00}");
        return 0;
    }

    private sealed class Scenario(string name, Func<int, Task<IActionResult>> call)
    {
        public string Name => name;
        public List<double> P50 { get; } = [];
        public List<double> P99 { get; } = [];
        public List<double> Throughput { get; } = [];
        public List<double> StorageCalls { get; } = [];
        public List<double> CpuPerRequest { get; } = [];

        public async Task CallAsync(int i)
        {
            var result = await call(i);
            if (result is not ContentResult { StatusCode: 200 } ok)
                throw new InvalidOperationException($"{name}: expected 200, got {(result as ContentResult)?.StatusCode}: {(result as ContentResult)?.Content}");
        }
    }

    private static async Task WarmUpAsync(Scenario scenario, int callers)
    {
        for (var i = 0; i < 200; i++) await scenario.CallAsync(i);
        await RunCallersAsync(scenario, callers, TimeSpan.FromSeconds(2));
    }

    private static async Task LatencyAsync(Scenario scenario, int requests, StorageRequests counter)
    {
        var samples = new double[requests];
        var before = counter.Total;
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await scenario.CallAsync(i);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        scenario.StorageCalls.Add((double)(counter.Total - before) / requests);
        Array.Sort(samples);
        scenario.P50.Add(Figure.Percentile(samples, 50));
        scenario.P99.Add(Figure.Percentile(samples, 99));
    }

    private static async Task ThroughputAsync(Scenario scenario, int callers, TimeSpan duration)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (completed, elapsed) = await RunCallersAsync(scenario, callers, duration);
        scenario.Throughput.Add(completed / elapsed.TotalSeconds);
        scenario.CpuPerRequest.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / completed);
    }

    private static async Task<(long Completed, TimeSpan Elapsed)> RunCallersAsync(Scenario scenario, int callers, TimeSpan duration)
    {
        long completed = 0;
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                await scenario.CallAsync(Interlocked.Increment(ref next));
                Interlocked.Increment(ref completed);
            }
        })));
        return (completed, watch.Elapsed);
    }

    /// <param name="cachesOff">Every cache duration of what eligibility reads zero: each request reads everything, as on an instance's first sight of it.</param>
    private static ServiceProvider Compose(string connection, SandboxServer sandbox, StorageRequests counter, bool cachesOff) =>
        BenchmarkApp.Compose(connection, sandbox, counter, settings =>
        {
            settings["Feeds:StockIndexTable"] = "BenchStockIndex";
            // Storage is what this measures: live stock asks the distributors (a 2 s budget, their rate limits), which no
            // storage figure says anything about. Its cost is bounded by LiveStock:Budget and its cache (Cache:LiveStock).
            settings["LiveStock:Enabled"] = "false";
            if (cachesOff)
                foreach (var cache in new[] { nameof(CacheOptions.Connections), nameof(CacheOptions.StockSnapshots), nameof(CacheOptions.PoNumbers) })
                    settings[$"{CacheOptions.Section}:{cache}"] = "00:00:00";
        });

    /// <summary>The store connected to WPS and Parts Unlimited, and a morning feed of each in the stock index.</summary>
    private static async Task SeedAsync(ServiceProvider services, string storeId)
    {
        var registry = services.GetRequiredService<DistributorRegistry>();
        var connections = services.GetRequiredService<DistributorConnections>();
        await connections.SaveAsync(storeId, registry.Find("wps")!, new ConnectionInput { Credentials = new() { ["apiToken"] = "bench-token" } }, CancellationToken.None);
        await connections.SaveAsync(storeId, registry.Find("parts-unlimited")!,
            new ConnectionInput { Credentials = new() { ["dealerNumber"] = "D1", ["apiKey"] = "bench-key" } }, CancellationToken.None);

        var updater = services.GetRequiredService<StockIndexUpdater>();
        var asOf = DateTimeOffset.UtcNow.AddHours(-3);
        foreach (var (distributor, prefix) in new[] { ("wps", "W-"), ("parts-unlimited", "P-") })
        {
            var update = await updater.UpdateAsync(distributor, _ => Enumerable.Range(0, Parts).Select(i => new FeedRecord(
                    $"{prefix}{i:D6}", i % 7, i % 7 == 6, [], 10m + i % 100, 20m + i % 100, null, PartAvailability.Available, "STK")),
                new RejectedLines(), asOf, 0.5, CancellationToken.None);
            if (update.RowsChanged != Parts) throw new InvalidOperationException($"Seeding {distributor}: {update.RowsChanged} rows written.");
        }
    }

    /// <summary>An order of <paramref name="items"/> items, the order fields once.</summary>
    private static OrderFacts Order(int order, int items) => new()
    {
        OrderId = (100_000 + order).ToString(),
        OrderNumber = "#" + (100_000 + order),
        OrderStatus = "New",
        Customer = new Customer { Name = "Pat Rider", Email = "pat@example.com", Phone = "555-0100" },
        ShipTo = new ShipTo { Name = "Pat Rider", Address1 = "12 Throttle Way", City = "Springfield", State = "IL", PostalCode = "62701" },
        Items = Enumerable.Range(0, items).Select(n => Item(order, n) with { OrderId = null, OrderNumber = null, OrderStatus = null, Customer = null, ShipTo = null }).ToList(),
    };

    /// <summary>Item <paramref name="n"/> of order <paramref name="order"/>: two distributor parts (a SKU swap), spread over the index.</summary>
    private static OrderItemFacts Item(int order, int n) => new()
    {
        OrderId = (100_000 + order).ToString(),
        OrderNumber = "#" + (100_000 + order),
        OrderStatus = "New",
        ItemId = "L" + n,
        Description = "Brake pads",
        Quantity = 1,
        Catalog = "Aftermarket",
        LeadTimeDays = 1,
        DistributorParts = [new("wps", $"W-{(order * 31 + n * 7) % Parts:D6}"), new("parts-unlimited", $"P-{(order * 17 + n * 13) % Parts:D6}")],
        Customer = new Customer { Name = "Pat Rider", Email = "pat@example.com", Phone = "555-0100" },
        ShipTo = new ShipTo { Name = "Pat Rider", Address1 = "12 Throttle Way", City = "Springfield", State = "IL", PostalCode = "62701" },
    };

    private static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, DropShipJson.Options);

    private static HttpRequest Request(string method, byte[]? body) => BenchmarkApp.Request(method, body);
}
