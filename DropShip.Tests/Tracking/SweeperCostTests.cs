using Azure.Data.Tables;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Submission;
using DropShip.Functions.Tracking;
using DropShip.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace DropShip.Tests.Tracking;

/// <summary>
/// A sweeper that costs what needs healing: the Durable engine is asked only about index rows that are due (never seen
/// running, or not seen for Tracking:QuietLimit). The engine tests prove the healing itself (ReconciliationTests); here
/// the Durable client is a mock so every question to it is counted.
/// </summary>
public sealed class SweeperCostTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(s => s["Tracking:IndexTable"] = Azurite.UniqueName("tracked"), s => s.AddSingleton<TimeProvider>(clock));
        await app.ConnectAsync("wps");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private TrackingSweeper Sweeper => app.Get<TrackingSweeper>();
    private TimeSpan QuietLimit => app.Get<IOptions<TrackingOptions>>().Value.QuietLimit;

    private void MonitorsAre(OrchestrationRuntimeStatus? status) =>
        app.Durable.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, CancellationToken _) => status is { } s ? new OrchestrationMetadata(nameof(TrackPurchaseOrder), id) { RuntimeStatus = s } : null);

    private int StatusQuestions => app.Durable.Invocations.Count(i => i.Method.Name == nameof(DurableTaskClient.GetInstanceAsync));

    private async Task SubmitAsync(string poNumber)
    {
        MonitorsAre(null);
        var item = Orders.Item() with { ItemId = poNumber };
        Assert.Equal(201, Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(item, poNumber)), app.StoreId, app.Durable.Object)).Status);
        app.Durable.Invocations.Clear();
    }

    [Fact]
    public async Task A_sweep_asks_the_engine_only_about_rows_that_are_due_and_marks_the_running_ones_seen()
    {
        await SubmitAsync("DS-SWEEP-1");
        await SubmitAsync("DS-SWEEP-2");
        MonitorsAre(OrchestrationRuntimeStatus.Running);

        Assert.Equal(0, await Sweeper.SweepAsync(app.Durable.Object, default)); // younger than SweepAfter: nothing due
        Assert.Equal(0, StatusQuestions);

        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(0, await Sweeper.SweepAsync(app.Durable.Object, default));
        Assert.Equal(2, StatusQuestions); // once each, the first time they are due...
        Assert.Equal(0, await Sweeper.SweepAsync(app.Durable.Object, default));
        Assert.Equal(2, StatusQuestions); // ...then seen running: not again

        // One monitor checks (CheckShipment marks it seen); the other stays silent past QuietLimit and is asked about again.
        clock.Advance(QuietLimit - TimeSpan.FromMinutes(1));
        await app.Get<ShipmentTracker>().CheckAsync(app.StoreId, "DS-SWEEP-1", default);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await Sweeper.SweepAsync(app.Durable.Object, default));
        Assert.Equal(3, StatusQuestions);
        Assert.Contains(app.Durable.Invocations, i => i.Method.Name == nameof(DurableTaskClient.GetInstanceAsync) && (string?)i.Arguments[0] == TrackingInstance.IdFor(app.StoreId, "DS-SWEEP-2"));

        // The baseline (every row, every sweep) asks about both whatever they did.
        Assert.Equal(0, await Sweeper.SweepAsync(app.Durable.Object, SweepScope.EveryRow, default));
        Assert.Equal(5, StatusQuestions);
    }

    [Fact]
    public async Task A_due_row_whose_monitor_is_gone_gets_one_started_and_is_then_left_alone()
    {
        await SubmitAsync("DS-SWEEP-3");
        clock.Advance(TimeSpan.FromMinutes(6));
        MonitorsAre(OrchestrationRuntimeStatus.Terminated);

        Assert.Equal(1, await Sweeper.SweepAsync(app.Durable.Object, default));
        app.Durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == TrackingInstance.IdFor(app.StoreId, "DS-SWEEP-3")), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(0, await Sweeper.SweepAsync(app.Durable.Object, default));
        Assert.Equal(1, StatusQuestions);
    }

    [Fact]
    public async Task The_daily_pass_heals_rows_written_before_due_times_which_the_five_minute_sweep_never_reads()
    {
        await SubmitAsync("DS-SWEEP-4");
        // The row as the index wrote it before it had DueAt.
        var table = (await Azurite.TablesAsync()).GetTableClient(app.Get<IOptions<TrackingOptions>>().Value.IndexTable);
        var row = (await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"tracked"}")).ToListAsync()).Single();
        row.Remove("DueAt");
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        clock.Advance(TimeSpan.FromMinutes(6));
        MonitorsAre(null);

        Assert.Equal(0, await Sweeper.SweepAsync(app.Durable.Object, SweepScope.Due, default));
        Assert.Equal(0, StatusQuestions);
        Assert.Equal(1, await Sweeper.SweepAsync(app.Durable.Object, SweepScope.Daily, default));
        Assert.Equal(1, StatusQuestions);
        // Now it has a due time like every other row.
        Assert.Empty(await app.Get<TrackedPurchaseOrderIndex>().ListDueAsync(clock.GetUtcNow(), default).ToListAsync());
    }
}
