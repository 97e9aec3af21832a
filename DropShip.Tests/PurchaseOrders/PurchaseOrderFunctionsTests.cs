using System.Text.Json;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;
using DropShip.Functions.PurchaseOrders;
using DropShip.Functions.Submission;
using DropShip.Tests.Distributors;
using DropShip.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Moq;

namespace DropShip.Tests.PurchaseOrders;

public class PurchaseOrderFunctionsTests
{
    private static async Task SubmitAsync(TestApp app, string orderId, string itemId, string po, string distributor = "wps", string? store = null)
    {
        var part = distributor == "wps" ? "87-9938" : "0101-3337";
        var item = Orders.Item(orderId, itemId, new DistributorPartInput(distributor, part));
        var result = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, po, distributor)), store ?? app.StoreId, app.Durable.Object));
        Assert.True(result.Status == 201, result.Raw);
    }

    private static async Task<JsonElement> SearchAsync(TestApp app, string query, int expectedStatus = 200, string? store = null)
    {
        var (status, body, _, _) = Http.Read(await app.Get<PurchaseOrderFunctions>().SearchPurchaseOrders(Http.Request("GET", query: query), store ?? app.StoreId));
        Assert.Equal(expectedStatus, status);
        return body;
    }

    private static List<string> Pos(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("poNumber").GetString()!).ToList();

    [Fact]
    public async Task Search_is_newest_first_filtered_and_paged_with_a_continuation_token()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");
        for (var i = 1; i <= 5; i++) await SubmitAsync(app, $"10{i}", "A1", $"PO-{i}", i % 2 == 0 ? "parts-unlimited" : "wps");

        Assert.Equal(["PO-5", "PO-4", "PO-3", "PO-2", "PO-1"], Pos(await SearchAsync(app, "")));

        var first = await SearchAsync(app, "pageSize=2");
        Assert.Equal(["PO-5", "PO-4"], Pos(first));
        var token = first.GetProperty("continuationToken").GetString()!;
        var second = await SearchAsync(app, $"pageSize=2&continuationToken={Uri.EscapeDataString(token)}");
        Assert.Equal(["PO-3", "PO-2"], Pos(second));

        Assert.Equal(["PO-4", "PO-2"], Pos(await SearchAsync(app, "distributor=parts-unlimited")));
        Assert.Equal(["PO-3"], Pos(await SearchAsync(app, "orderId=103")));
        Assert.Equal(["PO-2"], Pos(await SearchAsync(app, "poNumber=PO-2")));
        Assert.Empty(Pos(await SearchAsync(app, "shipped=true")));
        Assert.Equal(5, Pos(await SearchAsync(app, "shipped=false&status=open")).Count);
    }

    [Fact]
    public async Task One_po_shows_status_references_ship_to_and_timeline()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        await SubmitAsync(app, "1001", "A1", "DS1001-1");
        var (status, body, raw, _) = Http.Read(await app.Get<PurchaseOrderFunctions>().GetPurchaseOrder(Http.Request("GET"), app.StoreId, "DS1001-1"));

        Assert.Equal(200, status);
        Assert.Equal("Open", body.GetProperty("status").GetString());
        Assert.Single(body.GetProperty("distributorOrderNumbers").EnumerateArray());
        Assert.Equal("Springfield", body.GetProperty("shipTo").GetProperty("city").GetString());
        // The created event is stored and tried at once; no platform is configured here, so it waits for the timer.
        // The created event's first attempt is its queue message's, after the answer: not on the timeline yet.
        Assert.Equal(["Reserved", "Submitted", "WebhookQueued"], body.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList());
        var created = Assert.Single(body.GetProperty("platformEvents").EnumerateArray());
        Assert.Equal(("purchase_order.created", 1L, "Pending"), (created.GetProperty("type").GetString(), created.GetProperty("sequence").GetInt64(), created.GetProperty("delivery").GetString()));
        Assert.DoesNotContain(DistributorKit.WpsToken, raw);
        Assert.Equal(404, Http.Read(await app.Get<PurchaseOrderFunctions>().GetPurchaseOrder(Http.Request("GET"), app.StoreId, "NOPE")).Status);
    }

    [Fact]
    public async Task Order_and_item_ids_with_characters_illegal_in_table_keys_are_encoded_and_round_trip()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        const string orderId = "A/1\\2#3?4|5%";
        const string itemId = "line/1#a";
        await SubmitAsync(app, orderId, itemId, "PO-ODD");

        var found = await SearchAsync(app, "orderId=" + Uri.EscapeDataString(orderId));
        var item = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal(orderId, item.GetProperty("orderId").GetString());
        Assert.Equal(itemId, item.GetProperty("itemId").GetString());
        Assert.Equal("PO-ODD", await app.Get<PurchaseOrderStore>().FindClaimAsync(app.StoreId, orderId, itemId, default));
        // The same item again is a 409 naming the PO: the encoded claim key is what makes it one PO per item.
        var again = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Orders.Item(orderId, itemId, new DistributorPartInput("wps", "87-9938")), "PO-ODD2")), app.StoreId, app.Durable.Object));
        Assert.Equal(409, again.Status);
        Assert.Equal("PO-ODD", again.Body.GetProperty("existingPoNumber").GetString());
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("shipped=maybe", "shipped")]
    [InlineData("status=Lost", "status")]
    [InlineData("status=1", "status")]
    [InlineData("distributor=acme", "distributor")]
    [InlineData("continuationToken=not-a-token", "continuationToken")]
    [InlineData("orderId=%00x", "orderId")]
    public async Task Bad_search_input_is_400_naming_the_field(string query, string field)
    {
        await using var app = await TestApp.StartAsync();
        var body = await SearchAsync(app, query, 400);
        Assert.Equal(field, body.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    public static TheoryData<string> CraftedValues => new()
    {
        "' or PartitionKey ne '",
        "x' or '1' eq '1",
        "') or (PartitionKey ne 'a",
        "PO-B' or RowKey ge '",
        "1 or true",
    };

    [Theory]
    [MemberData(nameof(CraftedValues))]
    public async Task Store_a_never_sees_or_changes_store_b_purchase_orders_even_with_crafted_filters(string crafted)
    {
        await using var app = await TestApp.StartAsync();
        var storeB = "b-" + app.StoreId;
        await app.ConnectAsync("wps", storeId: storeB);
        await SubmitAsync(app, "9001", "Z1", "PO-B", store: storeB);

        // Not a PO number at all: refused before any query. An order id may hold anything printable: escaped, so it finds nothing.
        await SearchAsync(app, $"poNumber={Uri.EscapeDataString(crafted)}", 400);
        Assert.Empty(Pos(await SearchAsync(app, $"orderId={Uri.EscapeDataString(crafted)}")));
        Assert.Empty(Pos(await SearchAsync(app, "")));
        var functions = app.Get<PurchaseOrderFunctions>();
        Assert.Equal(404, Http.Read(await functions.GetPurchaseOrder(Http.Request("GET"), app.StoreId, "PO-B")).Status);
        Assert.Equal(400, Http.Read(await functions.GetPurchaseOrder(Http.Request("GET"), app.StoreId, crafted)).Status);
        Assert.Equal(404, Http.Read(await functions.CheckPurchaseOrderNow(Http.Request("POST"), app.StoreId, "PO-B", app.Durable.Object)).Status);

        // A continuation token minted for store B is refused for store A.
        await SubmitAsync(app, "9002", "Z1", "PO-B2", store: storeB);
        var pageB = await SearchAsync(app, "pageSize=1", store: storeB);
        var tokenB = pageB.GetProperty("continuationToken").GetString()!;
        await SearchAsync(app, $"continuationToken={Uri.EscapeDataString(tokenB)}", 400);

        Assert.Equal(["PO-B2", "PO-B"], Pos(await SearchAsync(app, "", store: storeB)));
    }

    [Fact]
    public async Task Check_now_raises_the_event_for_a_running_monitor_restarts_a_missing_one_and_is_409_when_not_tracked()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        await SubmitAsync(app, "1001", "A1", "DS1001-1");
        var functions = app.Get<PurchaseOrderFunctions>();
        var instanceId = Core.Tracking.TrackingInstance.IdFor(app.StoreId, "DS1001-1");
        app.Durable.Invocations.Clear();

        // A tracked PO whose monitor is gone gets a new one (its first check is already due), never a second one.
        Assert.Equal(202, Http.Read(await functions.CheckPurchaseOrderNow(Http.Request("POST"), app.StoreId, "DS1001-1", app.Durable.Object)).Status);
        app.Durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Microsoft.DurableTask.TaskName>(), It.IsAny<object?>(),
            It.Is<Microsoft.DurableTask.StartOrchestrationOptions?>(o => o!.InstanceId == instanceId), It.IsAny<CancellationToken>()), Times.Once);

        app.Durable.Setup(d => d.GetInstanceAsync(instanceId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("TrackPurchaseOrder", instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        Assert.Equal(202, Http.Read(await functions.CheckPurchaseOrderNow(Http.Request("POST"), app.StoreId, "DS1001-1", app.Durable.Object)).Status);
        app.Durable.Verify(d => d.RaiseEventAsync(instanceId, Core.Tracking.TrackingInstance.CheckNowEvent, null, It.IsAny<CancellationToken>()), Times.Once);
        app.Durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Microsoft.DurableTask.TaskName>(), It.IsAny<object?>(),
            It.IsAny<Microsoft.DurableTask.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(404, Http.Read(await functions.CheckPurchaseOrderNow(Http.Request("POST"), app.StoreId, "NOPE", app.Durable.Object)).Status);

        await app.Get<Core.Tracking.ShipmentTracker>().StopAsync(app.StoreId, "DS1001-1", default);
        var stopped = Http.Read(await functions.CheckPurchaseOrderNow(Http.Request("POST"), app.StoreId, "DS1001-1", app.Durable.Object));
        Assert.Equal(409, stopped.Status);
        Assert.Equal("NOT_TRACKED", stopped.Body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_created_po_answers_201_with_its_own_url_in_location()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var request = Http.Request("POST", Orders.Submit(Orders.Item(), "DS1001-1"));
        var created = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(request, app.StoreId, app.Durable.Object));

        Assert.Equal(201, created.Status);
        var location = request.HttpContext.Response.Headers.Location.ToString();
        Assert.Equal($"/api/stores/{app.StoreId}/purchase-orders/DS1001-1", location);
        // The URL is the PO's: its last segments are what GET stores/{storeId}/purchase-orders/{poNumber} binds.
        var segments = location.Split('/');
        var read = Http.Read(await app.Get<PurchaseOrderFunctions>().GetPurchaseOrder(Http.Request("GET"), segments[3], segments[5]));
        Assert.Equal(200, read.Status);
        Assert.Equal("DS1001-1", read.Body.GetProperty("poNumber").GetString());
    }

    [Fact]
    public async Task Timeline_entries_written_at_the_same_instant_read_in_the_order_written()
    {
        await using var app = await TestApp.StartAsync();
        var store = app.Get<PurchaseOrderStore>();
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        for (var n = 1; n <= 5; n++)
        {
            var po = Orders.Po(app.StoreId, $"DS200{n}-1", PurchaseOrderStatus.Open, at, orderId: $"200{n}", quantity: 2);
            var reserved = Assert.IsType<Reservation.Reserved>(await store.ReserveAsync(po, new TimelineEntry(at, "Reserved", "0"), default));
            // One write with three entries at one instant (a check that finds two packages and everything shipped), then
            // two more writes at that same instant.
            await store.UpdateAsync(po, reserved.ETag, [new TimelineEntry(at, "TrackingFound", "1"), new TimelineEntry(at, "TrackingFound", "2"),
                new TimelineEntry(at, "Shipped", "3")], releaseClaim: false, default);
            await store.AppendAsync(po, [new TimelineEntry(at, "OrderNote", "4"), new TimelineEntry(at, "OrderNote", "5")], default);
            await store.AppendAsync(po, [new TimelineEntry(at, "CustomerEmail", "6")], default);

            var timeline = await store.TimelineAsync(app.StoreId, po.PoNumber, default);
            Assert.Equal(["0", "1", "2", "3", "4", "5", "6"], timeline.Select(e => e.Message));
            Assert.All(timeline, e => Assert.Equal(at, e.At));
        }
    }
}
