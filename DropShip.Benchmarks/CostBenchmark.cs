using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Platform;
using DropShip.Core.Submission;
using DropShip.Functions.Eligibility;
using DropShip.Functions.Platform;
using DropShip.Functions.Submission;
using DropShip.Functions.Tracking;
using DropShip.Sandbox;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Benchmarks;

/// <summary>
/// What one PO costs in storage transactions, and what the Durable engine's idle polling costs an app per hour. The
/// app's own requests (tables, blobs, queues) are counted on its SDK clients for one PO's whole life, run in-process
/// against Azurite and the sandbox: eligibility on a cold instance, submit, the created event delivered from its queue
/// message, a monitor that checks 6 times and finds 2 packages (one at the 3rd check, one at the 6th), each package's
/// note, email and webhook. The Durable engine (its Azure Storage provider) cannot run here (the Functions host does
/// not run here, and DurableTaskTestHost keeps its state in memory), so its transactions are computed from the
/// provider's documented design, each count an assumption stated beside it.
/// </summary>
public static class CostBenchmark
{
    private const int Checks = 6;

    public static async Task<int> RunAsync(string[] args)
    {
        var tables = new StorageRequests();
        var blobs = new StorageRequests();
        var queues = new StorageRequests();
        await using var sandbox = await SandboxServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = BenchmarkApp.Compose(await Azurite.ConnectionStringAsync(), sandbox, tables, blobs, queues, s =>
        {
            s["Platform:WebhookUrl"] = receiver.Url.ToString();
            s["Platform:WebhookSecret"] = "cost-benchmark-secret";
            s["Platform:OutboxTable"] = "CostOutbox";
        });
        var storeId = "cost-" + Guid.NewGuid().ToString("N")[..8];
        var registry = app.GetRequiredService<DistributorRegistry>();
        await app.GetRequiredService<DistributorConnections>().SaveAsync(storeId, registry.Find("wps")!,
            new ConnectionInput { Credentials = new() { ["apiToken"] = "cost-token" } }, CancellationToken.None);
        const string part = "87-7001";
        sandbox.Scripts.Set(part, new PartScript { PartialAfterChecks = 3, ShipAfterChecks = Checks, Packages = 2 });
        var durable = new CountingDurableClient();
        var steps = new List<(string Step, long Tables, long Blobs, long Queues)>();
        async Task Step(string name, Func<Task> work)
        {
            var before = (tables.Total, blobs.Total, queues.Total);
            await work();
            steps.Add((name, tables.Total - before.Item1, blobs.Total - before.Item2, queues.Total - before.Item3));
        }

        var shipTo = new ShipTo { Name = "Pat Rider", Address1 = "12 Throttle Way", City = "Springfield", State = "IL", PostalCode = "62701" };
        var item = new OrderItemFacts
        {
            OrderId = "700001",
            OrderNumber = "#700001",
            OrderStatus = "New",
            ItemId = "L1",
            Description = "Brake pads",
            Quantity = 2,
            Catalog = "Aftermarket",
            LeadTimeDays = 1,
            DistributorParts = [new("wps", part)],
            Customer = new Customer { Name = "Pat Rider", Email = "pat@example.com", Phone = "555-0100" },
            ShipTo = shipTo,
        };
        await Step("eligibility (cold instance: nothing cached)", async () =>
            Expect(await app.GetRequiredService<EligibilityFunction>().CheckEligibility(BenchmarkApp.Request("POST", Json(item)), storeId), 200));
        await Step("submit (201)", async () => Expect(await app.GetRequiredService<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            BenchmarkApp.Request("POST", Json(new SubmitRequest { Item = item, Distributor = "wps", PartNumber = part, PoNumber = "DS700001-1", ShipTo = shipTo, ConfirmRealOrder = true })),
            storeId, durable), 201));
        await Step("created event delivered (queue message -> DeliverWebhook)", () => DrainAsync(app));
        var activities = app.GetRequiredService<TrackingActivities>();
        for (var check = 1; check <= Checks; check++)
        {
            var result = default(Core.Tracking.CheckResult);
            await Step($"check {check} (CheckShipment)", async () => result = await activities.CheckShipment(new CheckShipmentInput(storeId, "DS700001-1"), CancellationToken.None));
            if (result!.PendingNotifications.Count > 0)
            {
                await Step($"  package notified (NotifyShipment: note, email, webhook stored)", () => activities.NotifyShipment(new NotifyShipmentInput(storeId, "DS700001-1", result.PendingNotifications), CancellationToken.None));
                await Step("  tracking_found delivered (queue message -> DeliverWebhook)", () => DrainAsync(app));
            }
        }
        if (receiver.Accepted.Count() != 3) throw new InvalidOperationException($"Expected 3 webhooks delivered, got {receiver.Accepted.Count()}.");

        Console.WriteLine("One PO's life, the app's own storage requests (counted on its SDK clients, Azurite):");
        Console.WriteLine();
        Console.WriteLine("| Step | Table | Blob | Queue |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (step, t, b, q) in steps) Console.WriteLine($"| {step} | {t} | {b} | {q} |");
        var app_ = (Tables: steps.Sum(s => s.Tables), Blobs: steps.Sum(s => s.Blobs), Queues: steps.Sum(s => s.Queues));
        Console.WriteLine($"| **app total** | **{app_.Tables}** | **{app_.Blobs}** | **{app_.Queues}** |");
        Console.WriteLine($"Durable client calls by the app: {durable.StatusQuestions} status, {durable.Starts} start.");

        // The Durable engine's own, measured on its Azure Storage provider (see DurableEngineCost).
        var idleSample = TimeSpan.FromSeconds(Options.Int(args, "--idle-seconds", 60));
        Console.WriteLine();
        Console.WriteLine($"Measuring the Durable engine (its Azure Storage provider on Azurite, a monitor-shaped orchestration, then {idleSample.TotalSeconds:0} s idle)...");
        var (engine, engineIdle, _) = await DurableEngineCost.MeasureAsync(await Azurite.ConnectionStringAsync(), Checks, [3, Checks], idleSample);
        Console.WriteLine($"Durable engine's own per PO (measured; its background polls and lease upkeep left out): {engine.Tables} table, {engine.Queues} queue, {engine.Blobs} blob transactions.");
        Console.WriteLine($"Durable engine idle, per instance per hour (measured over {idleSample.TotalSeconds:0} s, scaled): {engineIdle.Tables:N0} table, {engineIdle.Queues:N0} queue, {engineIdle.Blobs:N0} blob transactions.");
        // The webhook delivery queue trigger: the host's queue listener polls an empty queue at most every queues.maxPollingInterval
        // (1 s in host.json). Computed (the host's listener does not run here): one request a second.
        var idleTrigger = 3600 / 1;
        Console.WriteLine($"Webhook queue trigger idle, per instance per hour (computed from host.json): {idleTrigger:N0} queue transactions.");

        // Prices: stated in the README with their date and source; pass others with --price-table/--price-queue/--price-blob (USD per 10,000).
        var tablePrice = Price(args, "--price-table", 0.00036);
        var queuePrice = Price(args, "--price-queue", 0.004);
        var blobPrice = Price(args, "--price-blob", 0.0044);
        const int posPerMonth = 1_000 * 30;
        var (poTables, poQueues, poBlobs) = (app_.Tables + engine.Tables, app_.Queues + engine.Queues, app_.Blobs + engine.Blobs);
        var perPo = poTables * tablePrice / 10_000 + poQueues * queuePrice / 10_000 + poBlobs * blobPrice / 10_000;
        var idlePerMonth = (engineIdle.Tables * tablePrice / 10_000 + (engineIdle.Queues + idleTrigger) * queuePrice / 10_000 + engineIdle.Blobs * blobPrice / 10_000) * 730;
        Console.WriteLine();
        Console.WriteLine($"At USD {tablePrice} (tables), {queuePrice} (queues), {blobPrice} (blobs) per 10,000 transactions:");
        Console.WriteLine($"  one PO: {poTables} table + {poQueues} queue + {poBlobs} blob transactions = USD {perPo:0.000000}");
        Console.WriteLine($"  1,000 POs a day (30,000 a month): USD {perPo * posPerMonth:0.00} a month");
        Console.WriteLine($"  idle polling: USD {idlePerMonth:0.00} a month per always-on instance");
        return 0;
    }

    private static double Price(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>What the host does with the webhook delivery queue: each message to DeliverWebhook, then deleted.</summary>
    private static async Task DrainAsync(ServiceProvider app)
    {
        var queue = app.GetRequiredService<QueueServiceClient>().GetQueueClient(WebhookDeliveryQueue.Name);
        var function = app.GetRequiredService<DeliverWebhooksFunction>();
        while ((await queue.ReceiveMessagesAsync(maxMessages: 32)).Value is { Length: > 0 } messages)
            foreach (var message in messages)
            {
                await function.DeliverWebhook(message.Body.ToObjectFromJson<WebhookDue>(DropShipJson.Options)!, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
    }

    private static void Expect(IActionResult result, int status)
    {
        if (result is not ContentResult content || content.StatusCode != status)
            throw new InvalidOperationException($"Expected {status}, got {(result as ContentResult)?.StatusCode}: {(result as ContentResult)?.Content}");
    }

    private static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, DropShipJson.Options);
}
