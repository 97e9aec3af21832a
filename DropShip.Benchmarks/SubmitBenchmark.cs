using System.Diagnostics;
using System.Text.Json;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Feeds.StockIndex;
using DropShip.Core.Submission;
using DropShip.Functions.Health;
using DropShip.Functions.Submission;
using DropShip.Sandbox;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Benchmarks;

/// <summary>
/// The submit benchmark: SubmitPurchaseOrder called in-process (as the eligibility benchmark calls its functions) with
/// <c>health</c> as the baseline in the same run, against Azurite in memory and the WPS sandbox answering at once, live
/// stock on. Each submit is a new order item and PO number (a real order call, the PO reserved and recorded, the created
/// event stored and queued, the monitor started on a Durable client that answers at once). Figures: p50 and p99 at one
/// caller, storage calls per request, Durable calls per submit.
/// </summary>
public static class SubmitBenchmark
{
    private const int Parts = 2_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Options.Int(args, "--runs", 5);
        var requests = Options.Int(args, "--requests", 200);
        Console.WriteLine($"Submit benchmark: {Environment.ProcessorCount} cores; .NET {Environment.Version}; Azurite in memory; functions called in-process; WPS sandbox answering at once.");
        Console.WriteLine($"Each figure: median of {runs} runs (min-max) after a warm-up; {requests} sequential requests per run and scenario, interleaved run by run.");

        await using var sandbox = await SandboxServer.StartAsync();
        var counter = new StorageRequests();
        await using var app = BenchmarkApp.Compose(await Azurite.ConnectionStringAsync(), sandbox, counter, s =>
        {
            s["Feeds:StockIndexTable"] = "SubmitBenchStockIndex";
            s["Platform:OutboxTable"] = "SubmitBenchOutbox";
            // One dealer's credential would be paced at WPS's 5 lookups a second (the live-stock guard's question goes
            // through that limiter); back-to-back submits of one store are not what a dealer does, nor what this measures.
            s["Distributors:Wps:PermitsPerSecond"] = "0";
            if (Options.Flag(args, "--no-live-stock")) s["LiveStock:Enabled"] = "false";
        });
        var storeId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(app, storeId);
        var durable = new CountingDurableClient();
        var health = app.GetRequiredService<HealthFunction>();
        var submit = app.GetRequiredService<SubmitPurchaseOrderFunction>();
        var next = 0;

        var scenarios = new[]
        {
            new Scenario("health (baseline)", () => health.Health(BenchmarkApp.Request("GET", null)), 200),
            new Scenario("submit (WPS, 201 created)", () => submit.SubmitPurchaseOrder(BenchmarkApp.Request("POST", Body(Interlocked.Increment(ref next))), storeId, durable), 201),
        };
        foreach (var scenario in scenarios)
            for (var i = 0; i < 50; i++) await scenario.CallAsync();
        for (var run = 0; run < runs; run++)
            foreach (var scenario in scenarios)
            {
                var before = (counter.Total, durable.Total);
                var samples = new double[requests];
                for (var i = 0; i < requests; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await scenario.CallAsync();
                    samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                Array.Sort(samples);
                scenario.P50.Add(Figure.Percentile(samples, 50));
                scenario.P99.Add(Figure.Percentile(samples, 99));
                scenario.StorageCalls.Add((double)(counter.Total - before.Item1) / requests);
                scenario.DurableCalls.Add((double)(durable.Total - before.Item2) / requests);
            }

        Console.WriteLine();
        Console.WriteLine("| Scenario | p50, 1 caller | p99, 1 caller | Storage calls per request | Durable calls per request |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var s in scenarios)
            Console.WriteLine($"| {s.Name} | {new Figure(s.P50).Format("0.00")} ms | {new Figure(s.P99).Format("0.00")} ms | {new Figure(s.StorageCalls).Format("0.0")} | {new Figure(s.DurableCalls).Format("0.0")} |");
        Console.WriteLine();
        var ratio = new Figure(scenarios[1].P50).Median / new Figure(scenarios[0].P50).Median;
        Console.WriteLine($"Submit p50 / health p50: {ratio:0.0} (target at most 5): {(ratio <= 5 ? "met" : "NOT met")}");

        // Where one submit's storage calls go.
        counter.Reset();
        await scenarios[1].CallAsync();
        Console.WriteLine("One submit's storage calls: " + string.Join(", ", counter.ByTarget.OrderByDescending(e => e.Value).Select(e => $"{e.Key.Table} {e.Key.Method} {e.Value}")));
        return 0;
    }

    private sealed class Scenario(string name, Func<Task<IActionResult>> call, int expected)
    {
        public string Name => name;
        public List<double> P50 { get; } = [];
        public List<double> P99 { get; } = [];
        public List<double> StorageCalls { get; } = [];
        public List<double> DurableCalls { get; } = [];

        public async Task CallAsync()
        {
            var result = await call();
            if (result is not ContentResult content || content.StatusCode != expected)
                throw new InvalidOperationException($"{name}: expected {expected}, got {(result as ContentResult)?.StatusCode}: {(result as ContentResult)?.Content}");
        }
    }

    /// <summary>A new order item each time (an item has one PO), of a part spread over the stock index.</summary>
    private static byte[] Body(int n)
    {
        var shipTo = new ShipTo { Name = "Pat Rider", Address1 = "12 Throttle Way", City = "Springfield", State = "IL", PostalCode = "62701" };
        var part = $"W-{n * 31 % Parts:D6}";
        var item = new OrderItemFacts
        {
            OrderId = (500_000 + n).ToString(),
            OrderNumber = "#" + (500_000 + n),
            OrderStatus = "New",
            ItemId = "L1",
            Description = "Brake pads",
            Quantity = 1,
            Catalog = "Aftermarket",
            LeadTimeDays = 1,
            DistributorParts = [new("wps", part)],
            Customer = new Customer { Name = "Pat Rider", Email = "pat@example.com", Phone = "555-0100" },
            ShipTo = shipTo,
        };
        return JsonSerializer.SerializeToUtf8Bytes(new SubmitRequest
        {
            Item = item,
            Distributor = "wps",
            PartNumber = part,
            PoNumber = $"DS{500_000 + n}-1",
            ShipTo = shipTo,
            ConfirmRealOrder = true,
        }, DropShipJson.Options);
    }

    private static async Task SeedAsync(ServiceProvider services, string storeId)
    {
        var registry = services.GetRequiredService<DistributorRegistry>();
        await services.GetRequiredService<DistributorConnections>().SaveAsync(storeId, registry.Find("wps")!,
            new ConnectionInput { Credentials = new() { ["apiToken"] = "bench-token" } }, CancellationToken.None);
        var update = await services.GetRequiredService<StockIndexUpdater>().UpdateAsync("wps", _ => Enumerable.Range(0, Parts).Select(i => new FeedRecord(
                $"W-{i:D6}", 5, false, [], 10m + i % 100, 20m + i % 100, null, PartAvailability.Available, "STK")),
            new RejectedLines(), DateTimeOffset.UtcNow.AddHours(-3), 0.5, CancellationToken.None);
        if (update.RowsChanged != Parts) throw new InvalidOperationException($"Seeding: {update.RowsChanged} rows written.");
    }
}
