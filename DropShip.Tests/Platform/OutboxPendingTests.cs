using Azure.Data.Tables;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Platform;

/// <summary>
/// The minute's timer reads only the outbox's pending rows, on Azurite: each event has one while it is still to deliver
/// and none after; an event stored without one is left to the daily full pass, which hands it back to the timer when it
/// fails again; a row left behind for a delivered event is removed when the timer meets it.
/// </summary>
public sealed class OutboxPendingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private WebhookReceiver receiver = null!;
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        app = await TestApp.StartAsync(s =>
        {
            s["Platform:WebhookUrl"] = receiver.Url.ToString();
            s["Platform:WebhookSecret"] = "platform-secret-for-tests";
        }, clock: clock);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private WebhookOutbox Outbox => app.Get<WebhookOutbox>();

    /// <summary>The app's outbox table, as the tests reach past the outbox to its rows.</summary>
    internal static async Task<TableClient> OutboxTableAsync(TestApp app)
    {
        var client = app.Get<TableServiceClient>().GetTableClient(app.Get<IOptions<PlatformOptions>>().Value.OutboxTable);
        await client.CreateIfNotExistsAsync();
        return client;
    }

    /// <summary>As after a crash between an event and its pending row, or an event stored before the rows existed.</summary>
    internal static async Task RemovePendingRowAsync(TestApp app, string eventId) =>
        await (await OutboxTableAsync(app)).DeleteEntityAsync(WebhookOutbox.PendingPartition, $"{app.StoreId}|{eventId}");

    private async Task<List<string>> PendingRowsAsync()
    {
        var rows = new List<string>();
        await foreach (var row in (await OutboxTableAsync(app)).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {WebhookOutbox.PendingPartition}")))
            rows.Add(row.RowKey);
        return rows;
    }

    private PlatformEvent Created(string poNumber) =>
        PlatformEvent.Created(Orders.Po(app.StoreId, poNumber, PurchaseOrderStatus.Open, clock.GetUtcNow()), clock.GetUtcNow());

    [Fact]
    public async Task An_event_has_a_pending_row_until_it_is_delivered_and_the_timer_retries_from_the_rows()
    {
        receiver.FailNext(2);

        var first = await Outbox.PublishAsync(Created("PO-1"), default);
        var second = await Outbox.PublishAsync(Created("PO-2"), default);
        Assert.Equal(new[] { $"{app.StoreId}|{first.Id}", $"{app.StoreId}|{second.Id}" }.Order(), (await PendingRowsAsync()).Order());

        // Both attempts fail (as if their queue messages were handled): the rows move to the next attempt and stay.
        Assert.False(await Outbox.DeliverAsync(app.StoreId, first.Id, default));
        Assert.False(await Outbox.DeliverAsync(app.StoreId, second.Id, default));
        Assert.Equal(0, await Outbox.DeliverDueAsync(default)); // not due yet: backoff 1 min
        Assert.Equal(2, (await PendingRowsAsync()).Count);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await Outbox.DeliverDueAsync(default));
        Assert.Empty(await PendingRowsAsync());
        Assert.Equal(2, receiver.Accepted.Count());
    }

    [Fact]
    public async Task An_event_stored_without_its_row_is_found_by_the_daily_pass_which_hands_a_failure_back_to_the_timer()
    {
        var lost = await Outbox.PublishAsync(Created("PO-LOST"), default);
        await RemovePendingRowAsync(app, lost.Id);

        Assert.Equal(0, await Outbox.DeliverDueAsync(default));
        Assert.Empty(receiver.Received);

        receiver.FailNext(1);
        Assert.Equal(0, await Outbox.DeliverMissedAsync(default));
        Assert.Single(await PendingRowsAsync()); // the failure gave it its row

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Outbox.DeliverDueAsync(default));
        Assert.Single(receiver.Accepted);
        Assert.Empty(await PendingRowsAsync());
    }

    [Fact]
    public async Task A_row_left_behind_for_a_delivered_event_is_removed_when_the_timer_meets_it_and_nothing_is_sent_again()
    {
        var sent = await Outbox.PublishAsync(Created("PO-SENT"), default);
        Assert.True(await Outbox.DeliverAsync(app.StoreId, sent.Id, default));
        // As when the row's write lands after the queue-triggered delivery removed it.
        await (await OutboxTableAsync(app)).UpsertEntityAsync(new TableEntity(WebhookOutbox.PendingPartition, $"{app.StoreId}|{sent.Id}")
        {
            ["StoreId"] = app.StoreId,
            ["EventId"] = sent.Id,
            ["NextAttemptAt"] = clock.GetUtcNow(),
        });

        Assert.Equal(0, await Outbox.DeliverDueAsync(default));

        Assert.Empty(await PendingRowsAsync());
        Assert.Single(receiver.Received);
    }
}
