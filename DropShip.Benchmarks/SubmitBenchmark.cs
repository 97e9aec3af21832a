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
        await PrintTimelineAsync(scenarios[1], requests, new Figure(scenarios[0].P50).Median);
        return 0;
    }

    /// <summary>
    /// Where a submit's time goes: each outgoing request (storage, the distributor) in the order it starts, with its
    /// median start and duration over many submits, and the time in none of them (the app's own work).
    /// </summary>
    /// <param name="healthP50">The baseline's p50: where the answer's record lands is also given in multiples of it.</param>
    private static async Task PrintTimelineAsync(Scenario submit, int requests, double healthP50)
    {
        using var timeline = new RequestTimeline(Describe);
        var traces = new List<(IReadOnlyList<RequestTimeline.Step> Steps, double TotalMs)>();
        for (var i = 0; i < requests; i++)
        {
            timeline.Begin();
            await submit.CallAsync();
            traces.Add(timeline.End());
        }
        // The same submit sends the same requests; the usual sequence is the most frequent one.
        var usual = traces.GroupBy(t => string.Join(";", t.Steps.Select(s => s.Name))).MaxBy(g => g.Count())!.ToList();
        static double Median(IEnumerable<double> values) => new Figure(values.ToList()).Median;
        Console.WriteLine();
        Console.WriteLine($"Where one submit's time goes (median of {usual.Count} of {traces.Count} traced submits with the usual {usual[0].Steps.Count} requests; the Durable client answers at once):");
        Console.WriteLine("| # | Request | Starts at | Takes |");
        Console.WriteLine("|---:|---|---:|---:|");
        for (var i = 0; i < usual[0].Steps.Count; i++)
            Console.WriteLine($"| {i + 1} | {usual[0].Steps[i].Name} | {Median(usual.Select(t => t.Steps[i].StartMs)):0.00} ms | {Median(usual.Select(t => t.Steps[i].DurationMs)):0.00} ms |");
        var total = Median(usual.Select(t => t.TotalMs));
        var waiting = Median(usual.Select(t => RequestTimeline.Covered(t.Steps)));
        Console.WriteLine($"Whole submit {total:0.00} ms: waiting on a request {waiting:0.00} ms, in-process work {total - waiting:0.00} ms.");

        // The distributor's answer is on record when the first storage request after the last order call ends (the
        // record's transaction). Everything before it is a step a submit that answers with the distributor's answer
        // cannot drop: the reads, the live-stock guard, the index row, the reservation, the order calls.
        var steps = usual[0].Steps;
        var lastOrderCall = steps.Select((step, i) => (step, i)).Last(s => s.step.Name.StartsWith("POST distributor", StringComparison.Ordinal)).i;
        var record = steps.Select((step, i) => (step, i)).First(s => s.i > lastOrderCall && s.step.Name.Contains("storage", StringComparison.Ordinal)).i;
        var recordedAt = Median(usual.Select(t => t.Steps[record].EndMs));
        Console.WriteLine($"The distributor's answer is on record at {recordedAt:0.00} ms (request {record + 1}), {recordedAt / healthP50:0.0} times health's p50: " +
            $"no submit that answers with the stored answer can be quicker with these requests. After it: {total - recordedAt:0.00} ms.");
    }

    /// <summary>"table PurchaseOrders", "table $batch", "queue webhook-deliveries", "WPS POST carts/{po}/items".</summary>
    private static string Describe(Uri uri)
    {
        var path = uri.AbsolutePath.Trim('/');
        if (path.StartsWith("devstoreaccount1", StringComparison.Ordinal))
        {
            var segments = path.Split('/');
            var target = segments.Length > 1 ? segments[1] : "(account)";
            var paren = target.IndexOf('(');
            return "storage " + (paren >= 0 ? target[..paren] : target);
        }
        return "distributor " + System.Text.RegularExpressions.Regex.Replace(path, @"DS\d+-\d+|W-\d+", "{id}");
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
