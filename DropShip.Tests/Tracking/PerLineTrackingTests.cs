using System.Text.Json;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Submission;
using DropShip.Core.Tracking;
using DropShip.Functions.PurchaseOrders;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using DropShip.Tests.Submission;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Tracking;

/// <summary>
/// A multi-line PO tracked per line against the sandbox over HTTP: the distributor's own per-line shipment shapes (WPS
/// items with ship_quantity, Parts Unlimited line_items[].shipped[], Tucker SHP entries per item) say which lines a package
/// carries; the PO stays PartiallyShipped until every line has shipped, and the event, note and email name the lines.
/// </summary>
public sealed class PerLineTrackingTests : TrackingWithThePlatform
{
    protected override async Task ConnectAsync()
    {
        await app.ConnectWpsAsync();
        await app.ConnectPartsUnlimitedAsync();
        await app.ConnectAsync("tucker-rocky", new() { ["customerNumber"] = "C1", ["apiKey"] = "tucker-key-1" });
    }

    [Theory]
    [InlineData("wps", "87-1001", "87-1002")]
    [InlineData("parts-unlimited", "0101-1001", "0101-1002")]
    [InlineData("tucker-rocky", "12-1001", "BA1002")]
    public async Task A_shipment_of_one_line_leaves_the_po_partially_shipped_and_its_event_names_that_line(string distributor, string first, string second)
    {
        // Two packages: the first carries the first line, the second the other; the first ships at the first lookup, the rest at the second.
        app.Sandbox.Scripts.Set(first, new PartScript { Packages = 2, PartialAfterChecks = 1, ShipAfterChecks = 2 });
        var (status, body) = await WholeOrderTests.SubmitOrderAsync(app, WholeOrderTests.Order(
            [WholeOrderTests.Item("A1", distributor, first), WholeOrderTests.Item("A2", distributor, second)], [new GroupPoNumber(distributor, "DS-LINES")]));
        Assert.True(status == 200, body.ToString());
        var tracker = app.Get<ShipmentTracker>();

        var check = await tracker.CheckAsync(app.StoreId, "DS-LINES", default);

        Assert.Equal(CheckOutcome.Pending, check.Outcome);
        var po = (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, "DS-LINES", default))!.Po;
        Assert.Equal(PurchaseOrderStatus.PartiallyShipped, po.Status);
        var package = Assert.Single(po.Shipments);
        Assert.Equal([new LineUnits("A1", first, 1)], package.Lines);
        var view = PurchaseOrderView.From(po, timeline: null);
        Assert.Equal([("A1", 1), ("A2", 0)], view.Lines.Select(l => (l.ItemId, l.QuantityShipped)).ToArray());

        await app.Get<ShipmentNotifier>().NotifyAsync(app.StoreId, "DS-LINES", check.PendingNotifications, default);
        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger would

        var webhook = Assert.Single(receiver.Accepted, d => d.Headers[WebhookSigner.EventTypeHeader] == PlatformEventTypes.TrackingFound);
        var data = JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data");
        var line = Assert.Single(data.GetProperty("lines").EnumerateArray());
        Assert.Equal(("A1", first, 1), (line.GetProperty("itemId").GetString(), line.GetProperty("partNumber").GetString(), line.GetProperty("quantity").GetInt32()));
        Assert.False(data.GetProperty("shipped").GetBoolean());
        Assert.Contains($"1 x Part {first}", data.GetProperty("note").GetString());
        Assert.DoesNotContain(second, data.GetProperty("note").GetString());
        var (message, _) = Assert.Single(email.Sent);
        Assert.Contains($"1 x Part {first}", message.PlainText);

        // The second lookup shows the other line's package: every line has shipped.
        var last = await tracker.CheckAsync(app.StoreId, "DS-LINES", default);
        Assert.Equal(CheckOutcome.Shipped, last.Outcome);
        var shipped = (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, "DS-LINES", default))!.Po;
        Assert.Equal(PurchaseOrderStatus.Shipped, shipped.Status);
        Assert.Equal([new LineUnits("A2", second, 1)], shipped.Shipments[1].Lines);
        Assert.Equal([("A1", 1), ("A2", 1)], PurchaseOrderView.From(shipped, timeline: null).Lines.Select(l => (l.ItemId, l.QuantityShipped)).ToArray());
    }
}
