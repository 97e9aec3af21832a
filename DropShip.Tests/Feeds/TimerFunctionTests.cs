using DropShip.Core.Common;
using DropShip.Core.Feeds.Runs;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Functions.Feeds;
using DropShip.Functions.Platform;
using DropShip.Tests.Feeds.Servers;
using DropShip.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace DropShip.Tests.Feeds;

/// <summary>The two timer functions called directly, as the host would, against Azurite and loopback servers.</summary>
public class TimerFunctionTests
{
    [Fact]
    public async Task The_morning_timer_ingests_every_configured_distributor_and_one_failure_does_not_stop_the_others()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put("Pricing/WPS_Daily_Combined.csv", FeedSamples.Wps(3));
        await using var app = await TestApp.StartAsync(settings: s =>
        {
            s["Feeds:Container"] = Azurite.UniqueName("feeds");
            s["Feeds:StockIndexTable"] = Azurite.UniqueName("StockIndex");
            s["Feeds:RunsTable"] = Azurite.UniqueName("FeedRuns");
            foreach (var (key, value) in FeedsHarness.Ftp("wps", ftp.Port, "Pricing/WPS_Daily_Combined.csv")) s["Feeds:" + key] = value;
            foreach (var (key, value) in FeedsHarness.Ftp("automatic", ftp.Port, "missing/inventory.csv")) s["Feeds:" + key] = value;
        });

        await app.Get<FeedsMorningTimer>().IngestMorningFeeds(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        var history = app.Get<FeedRunHistory>();
        var wps = Assert.Single((await history.ListAsync(new FeedRunQuery("wps", 10, null), default)).Items);
        Assert.Equal(FeedRunOutcome.Succeeded, wps.Outcome);
        Assert.Equal(3, wps.RowsChanged);
        Assert.Equal(FeedRunOutcome.Failed, Assert.Single((await history.ListAsync(new FeedRunQuery("automatic", 10, null), default)).Items).Outcome);
    }

    [Fact]
    public async Task The_webhook_timer_delivers_what_is_due()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(settings: s =>
        {
            s["Platform:WebhookUrl"] = receiver.Url.ToString();
            s["Platform:WebhookSecret"] = "secret";
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        var outbox = app.Get<WebhookOutbox>();
        var po = Orders.Po(app.StoreId, "PO-1", PurchaseOrderStatus.TrackingStopped, clock.GetUtcNow());
        receiver.FailNext(1); // the attempt its queue message starts fails: the event waits for the timer
        var stored = await outbox.PublishAsync(PlatformEvent.TrackingStopped(po, "WPS", clock.GetUtcNow()), default);
        Assert.Equal(1, await app.DeliverQueuedWebhooksAsync());
        Assert.Empty(receiver.Accepted);
        Assert.Single(receiver.Received);
        clock.Advance(TimeSpan.FromMinutes(2));

        await app.Get<DeliverWebhooksFunction>().DeliverWebhooks(new TimerInfo(), Mock.Of<FunctionContext>());

        Assert.Single(receiver.Accepted);
        Assert.Equal(DeliveryStatus.Delivered, (await outbox.FindAsync(app.StoreId, stored.Id, default))!.Status);
    }

    [Fact]
    public async Task The_daily_webhook_timer_delivers_a_pending_event_the_minute_timer_cannot_see()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(settings: s =>
        {
            s["Platform:WebhookUrl"] = receiver.Url.ToString();
            s["Platform:WebhookSecret"] = "secret";
        });
        var outbox = app.Get<WebhookOutbox>();
        var po = Orders.Po(app.StoreId, "PO-1", PurchaseOrderStatus.TrackingStopped, DateTimeOffset.UtcNow);
        var stored = await outbox.PublishAsync(PlatformEvent.TrackingStopped(po, "WPS", DateTimeOffset.UtcNow), default);
        await Platform.OutboxPendingTests.RemovePendingRowAsync(app, stored.Id);

        await app.Get<DeliverWebhooksFunction>().DeliverWebhooks(new TimerInfo(), Mock.Of<FunctionContext>());
        Assert.Empty(receiver.Received);
        await app.Get<DeliverWebhooksFunction>().DeliverMissedWebhooks(new TimerInfo(), Mock.Of<FunctionContext>());

        Assert.Single(receiver.Accepted);
    }
}
