using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Platform;

/// <summary>
/// The outbox numbers each PO's events 1, 2, ... on Azurite, also when the caller expects an event to be its PO's first
/// (the created event at submit: inserted without reading first) and it is not.
/// </summary>
public sealed class OutboxNumberingTests
{
    private static PurchaseOrder Po(TestApp app, string poNumber) => Orders.Po(app.StoreId, poNumber, PurchaseOrderStatus.Open, DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_event_expected_first_is_numbered_after_the_events_its_po_already_has_and_stored_once()
    {
        await using var app = await TestApp.StartAsync();
        var outbox = app.Get<WebhookOutbox>();
        var reused = Po(app, "PO-REUSED");
        // The PO number already has an event (and so a counter): a "first" event's insert conflicts, then reads and numbers on.
        Assert.Equal(1, (await outbox.PublishAsync(PlatformEvent.TrackingStopped(reused, "WPS", DateTimeOffset.UtcNow), default)).Sequence);

        var created = await outbox.PublishAsync(PlatformEvent.Created(reused, DateTimeOffset.UtcNow), default, written: reused, firstOfPo: true);
        var again = await outbox.PublishAsync(PlatformEvent.Created(reused, DateTimeOffset.UtcNow), default, written: reused, firstOfPo: true);

        Assert.Equal(2, created.Sequence);
        Assert.Equal(created.Id, again.Id);
        Assert.Equal(2, again.Sequence); // the same event, not a third one
        var fresh = Po(app, "PO-FRESH");
        Assert.Equal(1, (await outbox.PublishAsync(PlatformEvent.Created(fresh, DateTimeOffset.UtcNow), default, written: fresh, firstOfPo: true)).Sequence);
        Assert.Equal(2, (await outbox.PublishAsync(PlatformEvent.TrackingStopped(fresh, "WPS", DateTimeOffset.UtcNow), default)).Sequence);
    }
}
