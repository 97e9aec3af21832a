using System.Text.Json;
using DropShip.Core.Platform;
using DropShip.Functions.Submission;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Submission;

/// <summary>
/// The platform is never on the submit path: with a webhook endpoint that does not answer until the test lets it (a
/// platform taking 5 s, or forever), submit answers without having sent it anything, and the created event still
/// arrives once its queue message is handled, signed and exactly once.
/// </summary>
public sealed class SlowPlatformTests
{
    [Fact]
    public async Task A_slow_platform_endpoint_does_not_hold_up_submit_and_the_created_event_still_arrives()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // A delivery timeout far beyond the test's: a submit that waited on the platform would hang here.
        await using var app = await TestApp.StartAsync(s =>
        {
            s["Platform:WebhookUrl"] = receiver.Url.ToString();
            s["Platform:WebhookSecret"] = "platform-secret-for-tests";
            s["Platform:DeliveryTimeout"] = "00:10:00";
        });
        await app.ConnectAsync("wps");
        receiver.Hold();

        var (status, _, _, _) = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Orders.Item(), "DS-SLOW-1")), app.StoreId, app.Durable.Object));

        Assert.Equal(201, status);
        Assert.Equal(0, receiver.Arrived); // the answer came before anything was sent to the platform
        var created = PlatformEvent.Created((await app.Get<Core.PurchaseOrders.PurchaseOrderStore>().FindAsync(app.StoreId, "DS-SLOW-1", default))!.Po, default);
        Assert.Equal(DeliveryStatus.Pending, (await app.Get<WebhookOutbox>().FindAsync(app.StoreId, created.Id, default))!.Status);

        // The host hands the queued message to the delivery function, which waits on the slow platform...
        var delivering = app.DeliverQueuedWebhooksAsync();
        await receiver.FirstHeld.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(delivering.IsCompleted);
        // ...until it answers.
        receiver.Release();
        Assert.Equal(1, await delivering.WaitAsync(TimeSpan.FromSeconds(30)));

        var delivery = Assert.Single(receiver.Accepted);
        Assert.Equal(PlatformEventTypes.PurchaseOrderCreated, delivery.Headers[WebhookSigner.EventTypeHeader]);
        Assert.Equal(created.Id, delivery.Headers[WebhookSigner.EventIdHeader]);
        Assert.Equal("DS-SLOW-1", JsonDocument.Parse(delivery.Body).RootElement.GetProperty("poNumber").GetString());
        Assert.Equal(DeliveryStatus.Delivered, (await app.Get<WebhookOutbox>().FindAsync(app.StoreId, created.Id, default))!.Status);

        // The timer (the safety net) finds nothing left to send: one delivery, not two.
        Assert.Equal(0, await app.Get<WebhookOutbox>().DeliverDueAsync(default));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_delivery_message_that_names_no_valid_event_is_logged_and_dropped()
    {
        await using var app = await TestApp.StartAsync();
        var function = app.Get<Functions.Platform.DeliverWebhooksFunction>();
        foreach (var bad in new WebhookDue[] { new(null, null), new("store", "not-a-guid"), new("bad store/'", Guid.NewGuid().ToString()), new(new string('s', 65), Guid.NewGuid().ToString()) })
            await function.DeliverWebhook(bad, CancellationToken.None);
        Assert.Contains(app.Logs.GetSnapshot(), l => l.Message.Contains("Ignored a webhook delivery message"));
    }
}
