using System.Text.Json;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.PurchaseOrders;
using DropShip.Functions.Submission;
using DropShip.Functions.Tracking;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Distributors;
using DropShip.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Tracking;

/// <summary>
/// The one base of the engine scenarios (tracking, reconciliation). The tracking monitor end to end on the real Durable engine: submit through the function (which starts the monitor),
/// the engine runs TrackPurchaseOrder and its activities against Azurite, the sandbox and a webhook receiver.
/// </summary>
public abstract class TrackingOnTheEngine : IAsyncLifetime
{
    protected readonly RecordingEmailSender email = new();
    private WebhookReceiver receiver = null!;

    protected IEnumerable<WebhookReceiver.Delivery> Delivered => receiver.Accepted;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    /// <summary>Every distributor's order time limit (virtual time: a held order costs nothing to wait out).</summary>
    protected static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(3);

    protected Task<TrackingEngine> EngineAsync(Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null) => TrackingEngine.StartAsync(
        s =>
        {
            s["Platform:WebhookUrl"] = receiver.Url.ToString();
            s["Platform:WebhookSecret"] = "platform-secret-for-tests";
            foreach (var distributor in TestDistributors.Modules) s[$"{distributor.Section}:OrderTimeout"] = OrderTimeout.ToString();
            settings?.Invoke(s);
        },
        s =>
        {
            s.AddSingleton<ICustomerEmailSender>(email);
            services?.Invoke(s);
        });

    /// <summary>
    /// A submit the distributor never answers: the sandbox holds the order call (Slow) and the clock moves past the order
    /// time limit, so the PO is left Unconfirmed (202) and its monitor reconciles it. Nothing is ordered.
    /// </summary>
    protected static async Task<int> SubmitUnansweredAsync(TrackingEngine engine, string distributor, string part, string po)
    {
        engine.App.Sandbox.Scripts.Set(part, new PartScript { Order = OrderBehavior.Slow, Delay = TimeSpan.FromHours(1) });
        return (await engine.App.WhileHeldAsync(engine.Clock, () => SubmitAsync(engine, distributor, part, po), OrderTimeout)).Status;
    }

    protected static async Task<(int Status, JsonElement Body)> SubmitAsync(TrackingEngine engine, string distributor, string part, string po, int quantity = 1)
    {
        var item = Orders.Item(parts: new DistributorPartInput(distributor, part)) with { Quantity = quantity };
        var result = Http.Read(await engine.App.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(item, po, distributor)), engine.App.StoreId, engine.Client));
        return (result.Status, result.Body);
    }

    protected static async Task<PurchaseOrder> PoAsync(TrackingEngine engine, string po) =>
        (await engine.App.Get<PurchaseOrderStore>().FindAsync(engine.App.StoreId, po, default))!.Po;

    protected static async Task<List<TimelineEntry>> TimelineAsync(TrackingEngine engine, string po) =>
        (await engine.App.Get<PurchaseOrderStore>().TimelineAsync(engine.App.StoreId, po, default)).ToList();

    protected static Task<string?> ClaimAsync(TrackingEngine engine) => engine.App.Get<PurchaseOrderStore>().FindClaimAsync(engine.App.StoreId, "1001", "A1", default);

    protected IEnumerable<WebhookReceiver.Delivery> Accepted(string type) => receiver.Accepted.Where(d => d.Headers["X-DropShip-Event-Type"] == type);

    protected static List<RecordedLookup> Lookups(TrackingEngine engine, string distributor) =>
        engine.App.Sandbox.Requests.For(distributor).Where(r => r.Method == "GET").Select(r => new RecordedLookup(r.Path, r.ReceivedAt)).ToList();

    protected sealed record RecordedLookup(string Path, DateTimeOffset At);
}

/// <summary>Shipped after N checks; a second start finds the running monitor. (Scenarios in separate classes: they run in parallel.)</summary>
public sealed class TrackingOnTheEngineTests : TrackingOnTheEngine
{
    [Fact]
    public async Task Shipped_after_three_checks_notifies_once_per_package_then_completes()
    {
        await using var engine = await EngineAsync();
        await engine.App.ConnectAsync("wps");
        engine.App.Sandbox.Scripts.Set("87-1001", new PartScript { PartialAfterChecks = 2, ShipAfterChecks = 3, Packages = 2, Carrier = "FedEx" });

        Assert.Equal(201, (await SubmitAsync(engine, "wps", "87-1001", "DS-SHIP", quantity: 2)).Status);
        await engine.CompletionAsync("DS-SHIP");

        var po = await PoAsync(engine, "DS-SHIP");
        Assert.Equal(PurchaseOrderStatus.Shipped, po.Status);
        Assert.Equal(2, po.Shipments.Count);
        Assert.All(po.Shipments, s => Assert.Equal(EmailStatus.Sent, s.CustomerEmail));
        Assert.Equal(3, Lookups(engine, "wps").Count(l => l.Path.EndsWith("/DS-SHIP", StringComparison.Ordinal)));
        Assert.Equal(2, email.Sent.Count);
        Assert.Equal(2, email.Sent.Select(s => s.OperationId).Distinct().Count());
        await engine.App.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Equal(2, Accepted(PlatformEventTypes.TrackingFound).Count());
        Assert.Single(Accepted(PlatformEventTypes.PurchaseOrderCreated));
        Assert.Equal(2, (await TimelineAsync(engine, "DS-SHIP")).Count(e => e.Type == TimelineEntryTypes.OrderNote));
        // Per-PO sequence numbers: created first, then the packages in the order they were found.
        var sequences = Delivered.Select(d => JsonDocument.Parse(d.Body).RootElement)
            .Select(b => (Type: b.GetProperty("type").GetString(), Sequence: b.GetProperty("sequence").GetInt64())).OrderBy(e => e.Sequence).ToList();
        Assert.Equal([1L, 2L, 3L], sequences.Select(e => e.Sequence));
        Assert.Equal(PlatformEventTypes.PurchaseOrderCreated, sequences[0].Type);
    }

    [Fact]
    public async Task A_second_start_of_the_same_po_finds_the_running_monitor()
    {
        await using var engine = await EngineAsync(s => s["Tracking:FirstCheckAfter"] = "02:00:00");
        await engine.App.ConnectAsync("wps");
        engine.App.Sandbox.Scripts.Set("87-1006", new PartScript { ShipAfterChecks = 1 });
        Assert.Equal(201, (await SubmitAsync(engine, "wps", "87-1006", "DS-TWICE")).Status);
        var running = await engine.Client.WaitForInstanceStartAsync(engine.InstanceId("DS-TWICE"));

        Assert.False(await engine.App.Get<TrackingStarter>().StartAsync(engine.Client, await PoAsync(engine, "DS-TWICE"), default));

        var still = await engine.Client.GetInstanceAsync(engine.InstanceId("DS-TWICE"));
        Assert.Equal(OrchestrationRuntimeStatus.Running, still!.RuntimeStatus);
        Assert.Equal(running.CreatedAt, still.CreatedAt);
        var before = engine.Clock.GetUtcNow();
        await engine.Client.RaiseEventAsync(engine.InstanceId("DS-TWICE"), TrackingInstance.CheckNowEvent);
        await engine.CompletionWithoutTimeAsync("DS-TWICE");
        Assert.Single(Lookups(engine, "wps"));
        Assert.Equal(before, engine.Clock.GetUtcNow()); // the event ended the wait, not the two-hour timer
    }
}

/// <summary>Never shipped: stopped at the deadline.</summary>
public sealed class TrackingDeadlineOnTheEngineTests : TrackingOnTheEngine
{
    [Fact]
    public async Task Never_shipped_stops_at_the_deadline_and_tells_the_platform_once()
    {
        // The documented schedule's shape on virtual time: first check after 2 h, then every 4 h, a deadline of one day.
        await using var engine = await EngineAsync(s =>
        {
            s["Tracking:FirstCheckAfter"] = "02:00:00";
            s["Tracking:Interval"] = "04:00:00";
            s["Tracking:DeadlineDays"] = "1";
        });
        await engine.App.ConnectAsync("wps");

        Assert.Equal(201, (await SubmitAsync(engine, "wps", "87-1002", "DS-NEVER")).Status);
        var submitted = (await PoAsync(engine, "DS-NEVER")).CreatedAt;
        await engine.CompletionAsync("DS-NEVER");

        var po = await PoAsync(engine, "DS-NEVER");
        Assert.Equal(PurchaseOrderStatus.TrackingStopped, po.Status);
        // At 2, 6, 10, 14, 18 and 22 h, then the last check clamped to the deadline itself, where tracking stops.
        var lookups = Lookups(engine, "wps").Where(l => l.Path.EndsWith("/DS-NEVER", StringComparison.Ordinal)).ToList();
        Assert.Equal([2, 6, 10, 14, 18, 22, 24], lookups.Select(l => (l.At - submitted).TotalHours));
        await engine.App.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.TrackingStopped));
        var stopped = Assert.Single(await TimelineAsync(engine, "DS-NEVER"), e => e.Type == TimelineEntryTypes.TrackingStopped);
        Assert.Equal(submitted.AddDays(1), stopped.At);
        // The item stays claimed: the distributor has the order.
        Assert.Equal("DS-NEVER", await engine.App.Get<PurchaseOrderStore>().FindClaimAsync(engine.App.StoreId, "1001", "A1", default));
    }
}

/// <summary>A 429 pushes the next check out.</summary>
public sealed class TrackingRateLimitOnTheEngineTests : TrackingOnTheEngine
{
    [Fact]
    public async Task A_429_pushes_the_next_check_out_by_its_retry_after_and_never_fails_the_po()
    {
        await using var engine = await EngineAsync(s =>
        {
            // Longer Retry-Afters than this go back to the monitor's timer instead of waiting inside the HTTP call.
            s["Distributors:wps:MaxRetryAfter"] = "00:00:00.5";
        });
        await engine.App.ConnectAsync("wps");
        engine.App.Sandbox.Scripts.Set("87-1004", new PartScript { RateLimitedChecks = 1, RetryAfter = TimeSpan.FromSeconds(3), ShipAfterChecks = 2 });

        Assert.Equal(201, (await SubmitAsync(engine, "wps", "87-1004", "DS-429")).Status);
        await engine.CompletionAsync("DS-429");

        var lookups = Lookups(engine, "wps").Where(l => l.Path.EndsWith("/DS-429", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lookups.Count);
        // The interval is 1 s; the distributor asked for 3 s.
        Assert.Equal(TimeSpan.FromSeconds(3), lookups[1].At - lookups[0].At);
        Assert.Equal(PurchaseOrderStatus.Shipped, (await PoAsync(engine, "DS-429")).Status);
    }
}

/// <summary>ContinueAsNew keeps the history small; check-now wakes a waiting monitor.</summary>
public sealed class TrackingHistoryOnTheEngineTests : TrackingOnTheEngine
{
    [Fact]
    public async Task Check_now_wakes_a_monitor_waiting_for_a_check_hours_away()
    {
        await using var engine = await EngineAsync(s =>
        {
            s["Tracking:FirstCheckAfter"] = "02:00:00";
            s["Tracking:Interval"] = "04:00:00";
        });
        await engine.App.ConnectAsync("wps");
        engine.App.Sandbox.Scripts.Set("87-1003", new PartScript { ShipAfterChecks = 1 });
        Assert.Equal(201, (await SubmitAsync(engine, "wps", "87-1003", "DS-NOW")).Status);
        await engine.Time.WhenWaitingAsync(engine.InstanceId("DS-NOW"));
        Assert.Empty(Lookups(engine, "wps"));
        var before = engine.Clock.GetUtcNow();

        var answer = Http.Read(await engine.App.Get<PurchaseOrderFunctions>().CheckPurchaseOrderNow(Http.Request("POST"), engine.App.StoreId, "DS-NOW", engine.Client));

        Assert.Equal(202, answer.Status);
        await engine.CompletionWithoutTimeAsync("DS-NOW");
        Assert.Equal(PurchaseOrderStatus.Shipped, (await PoAsync(engine, "DS-NOW")).Status);
        Assert.Single(Lookups(engine, "wps"));
        Assert.Equal(before, engine.Clock.GetUtcNow()); // woken by the check-now, two hours early
    }

    [Fact]
    public async Task ContinueAsNew_keeps_the_history_to_one_check()
    {
        await using var engine = await EngineAsync(s => s["Tracking:FirstCheckAfter"] = "00:00:00.1");
        await engine.App.ConnectAsync("wps");
        engine.App.Sandbox.Scripts.Set("87-1005", new PartScript { ShipAfterChecks = 6 });

        Assert.Equal(201, (await SubmitAsync(engine, "wps", "87-1005", "DS-HIST")).Status);
        await engine.CompletionAsync("DS-HIST");

        Assert.Equal(6, Lookups(engine, "wps").Count(l => l.Path.EndsWith("/DS-HIST", StringComparison.Ordinal)));
        // Six executions (one per check, each continued as new with the next state), each run by the engine only a few
        // times: wake on the timer, after the check, after the notification. One execution looping would replay ever more.
        var executions = engine.Episodes.Where(e => e.Key.InstanceId == engine.InstanceId("DS-HIST")).ToDictionary(e => e.Key.Checks, e => e.Value);
        Assert.Equal([0, 1, 2, 3, 4, 5], executions.Keys.Order());
        Assert.All(executions.Values, runs => Assert.InRange(runs, 2, 4));
        var last = await engine.Client.GetInstanceAsync(engine.InstanceId("DS-HIST"), getInputsAndOutputs: true);
        Assert.Equal(5, last!.ReadInputAs<TrackingState>()!.Checks);
    }
}
