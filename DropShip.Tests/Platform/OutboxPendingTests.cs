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
public sealed class OutboxPendingTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private async Task<(TestApp App, WebhookReceiver Receiver)> StartAsync()
    {
        var receiver = await WebhookReceiver.StartAsync();
        var app = await TestApp.StartAsync(s =>
        {
            s["Platform:WebhookUrl"] = receiver.Url.ToString();
            s["Platform:WebhookSecret"] = "platform-secret-for-tests";
        }, clock: clock);
        return (app, receiver);
    }

    private static async Task<TableClient> OutboxAsync(TestApp app)
    {
        var client = app.Get<TableServiceClient>().GetTableClient(app.Get<IOptions<PlatformOptions>>().Value.OutboxTable);
        await client.CreateIfNotExistsAsync();
        return client;
    }

    private static async Task<List<string>> PendingRowsAsync(TestApp app)
    {
        var rows = new List<string>();
        await foreach (var row in (await OutboxAsync(app)).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {WebhookOutbox.PendingPartition}")))
            rows.Add(row.RowKey);
        return rows;
    }

    private PlatformEvent Created(TestApp app, string poNumber) =>
        PlatformEvent.Created(Orders.Po(app.StoreId, poNumber, PurchaseOrderStatus.Open, clock.GetUtcNow()), clock.GetUtcNow());

    [Fact]
    public async Task An_event_has_a_pending_row_until_it_is_delivered_and_the_timer_retries_from_the_rows()
    {
        var (app, receiver) = await StartAsync();
        await using var _ = app;
        await using var __ = receiver;
        var outbox = app.Get<WebhookOutbox>();
        receiver.FailNext(2);

        var first = await outbox.PublishAsync(Created(app, "PO-1"), default);
        var second = await outbox.PublishAsync(Created(app, "PO-2"), default);
        Assert.Equal(new[] { $"{app.StoreId}|{first.Id}", $"{app.StoreId}|{second.Id}" }.Order(), (await PendingRowsAsync(app)).Order());

        // Both attempts fail (as if their queue messages were handled): the rows move to the next attempt and stay.
        Assert.False(await outbox.DeliverAsync(app.StoreId, first.Id, default));
        Assert.False(await outbox.DeliverAsync(app.StoreId, second.Id, default));
        Assert.Equal(0, await outbox.DeliverDueAsync(default)); // not due yet: backoff 1 min
        Assert.Equal(2, (await PendingRowsAsync(app)).Count);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await outbox.DeliverDueAsync(default));
        Assert.Empty(await PendingRowsAsync(app));
        Assert.Equal(2, receiver.Accepted.Count());
    }

    [Fact]
    public async Task An_event_stored_without_its_row_is_found_by_the_daily_pass_which_hands_a_failure_back_to_the_timer()
    {
        var (app, receiver) = await StartAsync();
        await using var _ = app;
        await using var __ = receiver;
        var outbox = app.Get<WebhookOutbox>();
        var lost = await outbox.PublishAsync(Created(app, "PO-LOST"), default);
        // As after a crash between the event and its row, or an event stored before the rows existed.
        await (await OutboxAsync(app)).DeleteEntityAsync(WebhookOutbox.PendingPartition, $"{app.StoreId}|{lost.Id}");

        Assert.Equal(0, await outbox.DeliverDueAsync(default));
        Assert.Empty(receiver.Received);

        receiver.FailNext(1);
        Assert.Equal(0, await outbox.DeliverMissedAsync(default));
        Assert.Single(await PendingRowsAsync(app)); // the failure gave it its row

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await outbox.DeliverDueAsync(default));
        Assert.Single(receiver.Accepted);
        Assert.Empty(await PendingRowsAsync(app));
    }

    [Fact]
    public async Task A_row_left_behind_for_a_delivered_event_is_removed_when_the_timer_meets_it_and_nothing_is_sent_again()
    {
        var (app, receiver) = await StartAsync();
        await using var _ = app;
        await using var __ = receiver;
        var outbox = app.Get<WebhookOutbox>();
        var sent = await outbox.PublishAsync(Created(app, "PO-SENT"), default);
        Assert.True(await outbox.DeliverAsync(app.StoreId, sent.Id, default));
        // As when the row's write lands after the queue-triggered delivery removed it.
        await (await OutboxAsync(app)).UpsertEntityAsync(new TableEntity(WebhookOutbox.PendingPartition, $"{app.StoreId}|{sent.Id}")
        {
            ["StoreId"] = app.StoreId,
            ["EventId"] = sent.Id,
            ["NextAttemptAt"] = clock.GetUtcNow(),
        });

        Assert.Equal(0, await outbox.DeliverDueAsync(default));

        Assert.Empty(await PendingRowsAsync(app));
        Assert.Single(receiver.Received);
    }
}
