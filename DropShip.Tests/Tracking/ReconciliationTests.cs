using System.Diagnostics.Metrics;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Submission;
using DropShip.Functions.Tracking;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Tracking;

/// <summary>
/// A PO whose submission had no clear answer, followed on the real engine until the distributor's answers settle it.
/// It is released (Failed, item free) only on repeated proof of absence; anything less keeps the item claimed and asks
/// the dealer, once, to confirm with the distributor. (On the one engine base, TrackingOnTheEngine.)
/// Proof of absence over time releases the item; a crash after the distributor accepted heals by itself. (Scenarios in separate classes: they run in parallel.)</summary>
public sealed class ReconciliationTests : TrackingOnTheEngine
{
    [Fact]
    public async Task Repeated_proof_of_absence_over_time_releases_the_item_and_nothing_less_does()
    {
        await using var engine = await EngineAsync();
        await engine.App.ConnectAsync("wps");

        Assert.Equal(202, await SubmitUnansweredAsync(engine, "wps", "87-2001", "DS-ABSENT"));
        await engine.CompletionAsync("DS-ABSENT");

        var po = await PoAsync(engine, "DS-ABSENT");
        Assert.Equal(PurchaseOrderStatus.Failed, po.Status);
        // WPS's 404 for the PO number proves absence; three of them a second apart, released at the third: the proofs then
        // span the 2 s Tracking:AbsenceProofSpan asks for.
        var lookups = engine.App.Sandbox.Requests.For("wps").Where(r => r.Method == "GET" && r.Path.EndsWith("/DS-ABSENT", StringComparison.Ordinal)).ToList();
        Assert.Equal([0, 1, 2], lookups.Select(l => (l.ReceivedAt - lookups[0].ReceivedAt).TotalSeconds));
        Assert.Null(await ClaimAsync(engine));
        await engine.App.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.PurchaseOrderFailed));
        Assert.Empty(Accepted(PlatformEventTypes.NeedsAttention));
        Assert.Single(engine.App.Sandbox.Requests.For("wps"), r => r.Method == "POST" && r.Path == "/wps/orders"); // never resubmitted
    }

    [Fact]
    public async Task A_crash_between_the_distributors_answer_and_the_commit_heals_with_no_person_involved()
    {
        await using var engine = await EngineAsync();
        var clock = engine.Clock;
        var (wps, account) = await engine.App.ConnectAsync("wps");
        engine.App.Sandbox.Scripts.Set("87-2004", new PartScript { ShipAfterChecks = 1 });

        // What submit does up to the distributor's answer, then the process dies: reserved (Submitting), ordered, no commit, no monitor.
        var now = clock.GetUtcNow();
        var po = Orders.Po(engine.App.StoreId, "DS-CRASH", PurchaseOrderStatus.Submitting, now, partNumber: "87-2004");
        Assert.IsType<Reservation.Reserved>(await engine.App.Get<PurchaseOrderStore>().ReserveAsync(po, new TimelineEntry(now, TimelineEntryTypes.Reserved, "reserved"), default));
        Assert.IsType<PlaceOrderResult.Accepted>(await wps.PlaceOrderAsync(account, new DropShipOrder("DS-CRASH", "87-2004", 1, po.ShipTo, null, null), default));

        var sweeper = engine.App.Get<TrackingSweeper>();
        using var started = new MetricCollector<long>(engine.App.Get<IMeterFactory>(), DropShipMetrics.MeterName, DropShipMetrics.MonitorsStartedBySweeperName);
        Assert.Equal(0, await sweeper.SweepAsync(engine.Client, default)); // too young: its submit may still be running
        await engine.Time.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await sweeper.SweepAsync(engine.Client, default));
        Assert.Equal(1, started.GetMeasurementSnapshot().EvaluateAsCounter()); // the operator's alert counts it
        await engine.CompletionAsync("DS-CRASH");

        var healed = await PoAsync(engine, "DS-CRASH");
        Assert.Equal(PurchaseOrderStatus.Shipped, healed.Status);
        Assert.NotEmpty(healed.DistributorOrderNumbers);
        Assert.Contains(await TimelineAsync(engine, "DS-CRASH"), e => e.Type == TimelineEntryTypes.Confirmed);
        await engine.App.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.PurchaseOrderCreated));
        Assert.Single(engine.App.Sandbox.Requests.For("wps"), r => r.Method == "POST" && r.Path == "/wps/orders"); // never resubmitted
        // Tracking ended, so the PO left the index: the next sweep has nothing to do.
        Assert.Equal(0, await sweeper.SweepAsync(engine.Client, default));
        Assert.Empty(await engine.App.Get<TrackedPurchaseOrderIndex>().ListAsync(clock.GetUtcNow(), default).ToListAsync());
    }
}

/// <summary>A lookup that keeps failing never releases the item.</summary>
public sealed class UnresolvedReconciliationTests : TrackingOnTheEngine
{
    [Fact]
    public async Task A_lookup_that_keeps_failing_asks_the_dealer_once_and_never_releases_the_item()
    {
        await using var engine = await EngineAsync(s =>
        {
            s["Tracking:DeadlineDays"] = TrackingEngine.Days(TimeSpan.FromSeconds(12));
            // The first check waits 5 s from the submit, which ends at 3 s: the credentials are gone before it.
            s["Tracking:ReconcileInterval"] = "00:00:05";
        });
        var (wps, _) = await engine.App.ConnectAsync("wps");
        Assert.Equal(202, await SubmitUnansweredAsync(engine, "wps", "87-2002", "DS-FAILING"));
        // The credentials disappear: every lookup now fails before reaching the distributor.
        Assert.True(await engine.App.Get<DistributorConnections>().DeleteAsync(engine.App.StoreId, wps, default));

        await engine.CompletionAsync("DS-FAILING");

        var po = await PoAsync(engine, "DS-FAILING");
        // Checked at 5 s, then every second (the error backoff) to the deadline (12 s): eight failed lookups, none reaching WPS.
        Assert.Equal(8, engine.Episodes.Keys.Count(e => e.InstanceId == engine.InstanceId("DS-FAILING")));
        Assert.DoesNotContain(engine.App.Sandbox.Requests.For("wps"), r => r.Method == "GET");
        Assert.Equal(PurchaseOrderStatus.TrackingStopped, po.Status); // the deadline passed, unresolved
        Assert.Equal("DS-FAILING", await ClaimAsync(engine));
        var timeline = await TimelineAsync(engine, "DS-FAILING");
        var attention = Assert.Single(timeline, e => e.Type == TimelineEntryTypes.NeedsAttention);
        Assert.Contains("before ordering this item again", attention.Message);
        await engine.App.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.NeedsAttention));
        Assert.Empty(Accepted(PlatformEventTypes.PurchaseOrderFailed));
        Assert.DoesNotContain(timeline, e => e.Type == TimelineEntryTypes.Failed);
    }
}

/// <summary>Lookups that prove nothing never release the item.</summary>
public sealed class UnprovenReconciliationTests : TrackingOnTheEngine
{
    [Fact]
    public async Task Lookups_that_prove_nothing_never_release_the_item()
    {
        await using var engine = await EngineAsync(s => s["Tracking:DeadlineDays"] = TrackingEngine.Days(TimeSpan.FromSeconds(12)));
        var (pu, account) = await engine.App.ConnectAsync("parts-unlimited");
        // Another order of the store's fills page 1, and PU repeats that page for every later page_num (as an API that
        // ignored page_num would), so no scan reaches the end of the listing: each lookup proves nothing.
        Assert.IsType<PlaceOrderResult.Accepted>(await pu.PlaceOrderAsync(account, new DropShipOrder("DS-OTHER", "0101-9999", 1, Orders.ShipTo(), null, null), default));
        engine.App.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedPageSize = 1, PartsUnlimitedLastDistinctPage = 1 };
        Assert.Equal(202, await SubmitUnansweredAsync(engine, "parts-unlimited", "0101-2003", "DS-UNPROVEN"));

        await engine.CompletionAsync("DS-UNPROVEN");

        // Parts Unlimited's listing without the PO, never read to its end, proves nothing: a lookup each second from the end of
        // the submit (3 s) to the deadline (12 s), ten in all, and no release.
        Assert.Equal(10, engine.Episodes.Keys.Count(e => e.InstanceId == engine.InstanceId("DS-UNPROVEN")));
        Assert.True(engine.App.Sandbox.Requests.For("parts-unlimited").Count(r => r.Method == "GET") >= 10);
        Assert.Equal(PurchaseOrderStatus.TrackingStopped, (await PoAsync(engine, "DS-UNPROVEN")).Status);
        Assert.Equal("DS-UNPROVEN", await ClaimAsync(engine));
        Assert.Single(await TimelineAsync(engine, "DS-UNPROVEN"), e => e.Type == TimelineEntryTypes.NeedsAttention);
        await engine.App.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.NeedsAttention));
        Assert.Empty(Accepted(PlatformEventTypes.PurchaseOrderFailed));
    }
}

/// <summary>A monitor whose durable state this release cannot read (written by a newer release, then rolled back) is not guessed at.</summary>
public sealed class UnreadableStateTests : TrackingOnTheEngine
{
    [Fact]
    public async Task The_monitor_ends_without_a_check_and_the_sweeper_starts_a_fresh_one_from_the_po()
    {
        await using var engine = await EngineAsync();
        var clock = engine.Clock;
        var (wps, account) = await engine.App.ConnectAsync("wps");
        engine.App.Sandbox.Scripts.Set("87-2005", new PartScript { ShipAfterChecks = 1 });
        var now = clock.GetUtcNow();
        var po = new PurchaseOrder
        {
            StoreId = engine.App.StoreId,
            PoNumber = "DS-NEWER",
            OrderId = "1001",
            ItemId = "A1",
            Distributor = "wps",
            PartNumber = "87-2005",
            Quantity = 1,
            Status = PurchaseOrderStatus.Submitting,
            ShipTo = Orders.ShipTo(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        Assert.IsType<Reservation.Reserved>(await engine.App.Get<PurchaseOrderStore>().ReserveAsync(po, new TimelineEntry(now, TimelineEntryTypes.Reserved, "reserved"), default));
        Assert.IsType<PlaceOrderResult.Accepted>(await wps.PlaceOrderAsync(account, new DropShipOrder("DS-NEWER", "87-2005", 1, po.ShipTo, null, null), default));

        var newer = TrackingState.Start(po.StoreId, po.PoNumber, now.UtcDateTime, awaitingConfirmation: true, new TrackingOptions()) with { Version = TrackingState.CurrentVersion + 1 };
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TrackPurchaseOrder), newer, new Microsoft.DurableTask.StartOrchestrationOptions(engine.InstanceId("DS-NEWER")));
        await engine.CompletionAsync("DS-NEWER");
        Assert.DoesNotContain(engine.App.Sandbox.Requests.For("wps"), r => r.Method == "GET");

        await engine.Time.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await engine.App.Get<TrackingSweeper>().SweepAsync(engine.Client, default));
        await engine.CompletionAsync("DS-NEWER");

        Assert.Equal(PurchaseOrderStatus.Shipped, (await PoAsync(engine, "DS-NEWER")).Status);
        Assert.Single(engine.App.Sandbox.Requests.For("wps"), r => r.Method == "POST" && r.Path == "/wps/orders"); // never resubmitted
    }
}
