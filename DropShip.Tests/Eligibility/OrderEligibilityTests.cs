using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;
using DropShip.Functions.Eligibility;
using DropShip.Functions.Submission;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Eligibility;

/// <summary>
/// Whole-order eligibility through the HTTP function, against Azurite: the same answer per item as the single-item
/// call, lookups shared and concurrent, distinct PO suggestions, and bad input named by field.
/// </summary>
public class OrderEligibilityTests
{
    private static async Task<(int Status, JsonElement Body)> CheckOrderAsync(TestApp app, object order, string? storeId = null)
    {
        var (status, body, _, _) = Http.Read(await app.Get<EligibilityFunction>().CheckOrderEligibility(Http.Request("POST", order), storeId ?? app.StoreId));
        return (status, body);
    }

    private static async Task<JsonElement> CheckItemAsync(TestApp app, OrderItemFacts item, string? storeId = null) =>
        Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Http.Request("POST", item), storeId ?? app.StoreId)).Body;

    private static OrderFacts Order(string orderId, params OrderItemFacts[] items) => new()
    {
        OrderId = orderId,
        OrderNumber = "#" + orderId,
        OrderStatus = "New",
        Customer = new Customer { Name = "Pat Rider", Email = "pat@example.com", Phone = "555-0100" },
        ShipTo = Orders.ShipTo(),
        Items = items,
    };

    /// <summary>An item with only its own facts: the order fields come from the order.</summary>
    private static OrderItemFacts Line(string itemId, params DistributorPartInput[] parts) => Orders.Item(itemId: itemId, parts: parts) with
    {
        OrderId = null,
        OrderNumber = null,
        OrderStatus = null,
        Customer = null,
        ShipTo = null,
    };

    /// <summary>The app with every Table request counted (and, when given, held at a gate).</summary>
    private static async Task<TestApp> StartCountedAsync(StorageRequests requests, HttpPipelinePolicy? gate = null, TimeProvider? clock = null)
    {
        var connection = await Azurite.ConnectionStringAsync();
        return await TestApp.StartAsync(services: s =>
        {
            var options = requests.Attach(new TableClientOptions());
            if (gate is not null) options.AddPolicy(gate, HttpPipelinePosition.PerCall);
            s.Replace(ServiceDescriptor.Singleton(new TableServiceClient(connection, options)));
            if (clock is not null) s.AddSingleton(clock);
        });
    }

    [Fact]
    public async Task Each_item_gets_the_single_item_answer_in_request_order_with_distinct_po_suggestions()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");
        var order = Order("1001",
            Line("A1", new DistributorPartInput("wps", "87-9938"), new DistributorPartInput("parts-unlimited", "0101-3337")),
            Line("A2", new DistributorPartInput("parts-unlimited", "0101-3337")) with { Catalog = "OEM" },
            Line("A3", new DistributorPartInput("tucker-rocky", "123456")));

        var (status, body) = await CheckOrderAsync(app, order);

        Assert.Equal(200, status);
        Assert.Equal("1001", body.GetProperty("orderId").GetString());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["A1", "A2", "A3"], items.Select(i => i.GetProperty("itemId").GetString()));
        Assert.Equal([true, false, false], items.Select(i => i.GetProperty("eligible").GetBoolean()));
        Assert.Equal([ReasonCodes.CatalogNotAftermarket], items[1].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Equal([ReasonCodes.DistributorNotConfigured], items[2].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Equal(["DS1001-1", "DS1001-2", "DS1001-3"], items.Select(i => i.GetProperty("suggestedPoNumber").GetString()));
        Assert.Equal("Springfield", items[0].GetProperty("shipTo").GetProperty("city").GetString());

        // The single-item call is the same path: the same answer, except that alone the item's suggestion is the first number.
        var facts = order.Items!.Select(i => i! with { OrderId = "1001", OrderNumber = "#1001", OrderStatus = "New", Customer = order.Customer, ShipTo = order.ShipTo }).ToList();
        for (var i = 0; i < facts.Count; i++)
        {
            var alone = JsonSerializer.SerializeToNode(await CheckItemAsync(app, facts[i]))!.AsObject();
            var inOrder = JsonSerializer.SerializeToNode(items[i])!.AsObject();
            Assert.Equal("DS1001-1", alone["suggestedPoNumber"]!.GetValue<string>());
            alone.Remove("suggestedPoNumber");
            inOrder.Remove("suggestedPoNumber");
            Assert.Equal(inOrder.ToJsonString(), alone.ToJsonString());
        }
    }

    [Fact]
    public async Task An_item_with_a_po_is_reported_and_the_others_get_the_next_free_numbers()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var submit = app.Get<SubmitPurchaseOrderFunction>();
        Assert.Equal(201, Http.Read(await submit.SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(Orders.Item(itemId: "A2"), "DS1001-1")), app.StoreId, app.Durable.Object)).Status);

        var (_, body) = await CheckOrderAsync(app, Order("1001", Line("A1", new DistributorPartInput("wps", "87-9938")), Line("A2", new DistributorPartInput("wps", "87-9938")),
            Line("A3", new DistributorPartInput("wps", "87-9938"))));

        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([true, false, true], items.Select(i => i.GetProperty("eligible").GetBoolean()));
        Assert.Equal("DS1001-1", items[1].GetProperty("existingPoNumber").GetString());
        Assert.Equal([ReasonCodes.PoAlreadyExists], items[1].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        // Items without a PO first, in request order; the item that has one comes last.
        Assert.Equal(["DS1001-2", "DS1001-4", "DS1001-3"], items.Select(i => i.GetProperty("suggestedPoNumber").GetString()));
    }

    [Fact]
    public async Task A_failed_po_keeps_its_number_so_the_released_item_is_offered_the_next_one()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var store = app.Get<PurchaseOrderStore>();
        var at = DateTimeOffset.UtcNow;
        var po = Orders.Po(app.StoreId, "DS1001-1", PurchaseOrderStatus.Unconfirmed, at);
        var reserved = Assert.IsType<Reservation.Reserved>(await store.ReserveAsync(po, new TimelineEntry(at, "Reserved", "test"), default));
        // What reconciliation does when the distributor has no such order: the claim goes, the PO row stays.
        await store.UpdateAsync(po with { Status = PurchaseOrderStatus.Failed }, reserved.ETag, [], releaseClaim: true, default);

        var body = await CheckItemAsync(app, Orders.Item());

        Assert.True(body.GetProperty("eligible").GetBoolean());
        Assert.Equal("DS1001-2", body.GetProperty("suggestedPoNumber").GetString());
    }

    [Fact]
    public async Task Another_instance_that_cached_the_series_still_sees_the_po_a_sibling_item_just_got()
    {
        await using var first = await TestApp.StartAsync();
        await using var second = await TestApp.StartAsync();
        await first.ConnectAsync("wps");
        Assert.Equal("DS1001-1", (await CheckItemAsync(second, Orders.Item(itemId: "A2"), first.StoreId)).GetProperty("suggestedPoNumber").GetString());

        var submit = first.Get<SubmitPurchaseOrderFunction>();
        Assert.Equal(201, Http.Read(await submit.SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(Orders.Item(itemId: "A1"), "DS1001-1")), first.StoreId, first.Durable.Object)).Status);

        // The second instance's series (read before the submit) is still cached; the order's claims are read fresh.
        var again = await CheckItemAsync(second, Orders.Item(itemId: "A2"), first.StoreId);
        Assert.Equal("DS1001-2", again.GetProperty("suggestedPoNumber").GetString());
        Assert.Equal("DS1001-1", (await CheckItemAsync(second, Orders.Item(itemId: "A1"), first.StoreId)).GetProperty("existingPoNumber").GetString());
    }

    [Fact]
    public async Task A_ten_item_order_reads_the_connections_once_and_the_claims_once_and_writes_nothing()
    {
        var requests = new StorageRequests();
        await using var app = await StartCountedAsync(requests);
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");
        var order = Order("2002", Enumerable.Range(1, 10)
            .Select(i => Line("L" + i, new DistributorPartInput("wps", $"87-{i:D4}"), new DistributorPartInput("parts-unlimited", $"0101-{i:D4}"))).ToArray());
        requests.Reset();

        var (status, body) = await CheckOrderAsync(app, order);

        Assert.Equal(200, status);
        Assert.Equal(10, body.GetProperty("items").GetArrayLength());
        Assert.Equal(1, requests.To(Core.Connections.DistributorConnections.TableName));
        Assert.Equal(2, requests.To(PurchaseOrderStore.TableName, "GET")); // the order's claims, and the PO numbers of its series
        Assert.InRange(requests.To("StockIndex", "GET"), 20, 22);          // one read per part; the feed's age once per distributor (a concurrent miss may read it twice)
        Assert.Equal(0, requests.Writes - requests.To("Tables", "POST"));   // creating a missing table aside, nothing is written

        // Asked again: the claims are read fresh, everything else comes from this instance's short-lived caches.
        requests.Reset();
        Assert.Equal(200, (await CheckOrderAsync(app, order)).Status);
        Assert.Equal(1, requests.Total);
        Assert.Equal(1, requests.To(PurchaseOrderStore.TableName, "GET"));
    }

    [Fact]
    public async Task A_single_item_issues_its_lookups_at_once_not_one_after_another()
    {
        // Holds every read until five are in flight together: connections, claims, PO series, the part's row, the feed's age.
        var gate = new ConcurrentReadGate(5);
        var requests = new StorageRequests();
        await using var app = await StartCountedAsync(requests, gate);
        await app.ConnectAsync("wps");
        await app.Get<PurchaseOrderStore>().ClaimsOfOrderAsync(app.StoreId, "warm-up", default); // creates the table outside the gate
        gate.Armed = true;

        var body = await CheckItemAsync(app, Orders.Item());

        Assert.True(body.GetProperty("eligible").GetBoolean());
        Assert.Equal(5, gate.Held);
    }

    [Fact]
    public async Task A_connection_saved_on_another_instance_is_seen_once_the_short_cache_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = await StartCountedAsync(new StorageRequests(), clock: clock);
        await using var second = await TestApp.StartAsync();
        var item = Orders.Item(parts: new DistributorPartInput("parts-unlimited", "0101-3337"));
        Assert.False((await CheckItemAsync(first, item)).GetProperty("eligible").GetBoolean());

        await second.ConnectAsync("parts-unlimited", storeId: first.StoreId);
        Assert.False((await CheckItemAsync(first, item)).GetProperty("eligible").GetBoolean()); // within Cache:Connections
        clock.Advance(new Core.Caching.CacheOptions().Connections);
        Assert.True((await CheckItemAsync(first, item)).GetProperty("eligible").GetBoolean());

        // On the instance that saves, a change shows at once.
        await first.Get<Core.Connections.DistributorConnections>().DeleteAsync(first.StoreId, first.Get<Core.Distributors.DistributorRegistry>().Find("parts-unlimited")!, default);
        Assert.False((await CheckItemAsync(first, item)).GetProperty("eligible").GetBoolean());
    }

    public static TheoryData<string, string> BadOrders => new()
    {
        { """{"orderStatus":"New","items":[{"itemId":"a","quantity":1,"catalog":"Aftermarket","leadTimeDays":1}]}""", "orderId" },
        { """{"orderId":"1","orderStatus":"New","items":[]}""", "items" },
        { """{"orderId":"1","orderStatus":"New"}""", "items" },
        { """{"orderId":"1","items":[{"itemId":"a","quantity":1,"catalog":"Aftermarket","leadTimeDays":1}]}""", "orderStatus" },
        { """{"orderId":"1","orderStatus":"New","items":[{"itemId":"a","quantity":0,"catalog":"Aftermarket","leadTimeDays":1}]}""", "items[0].quantity" },
        { """{"orderId":"1","orderStatus":"New","items":[{"itemId":"a","quantity":1,"catalog":"Aftermarket","leadTimeDays":1},{"itemId":"a","quantity":1,"catalog":"Aftermarket","leadTimeDays":1}]}""", "items[1].itemId" },
        { """{"orderId":"1","orderStatus":"New","items":[{"orderId":"2","itemId":"a","quantity":1,"catalog":"Aftermarket","leadTimeDays":1}]}""", "items[0].orderId" },
        { """{"orderId":"1","orderStatus":"New","items":[null]}""", "items[0]" },
        { """{"orderId":"1","orderStatus":"New","items":[{"itemId":"a","quantity":1,"catalog":"Aftermarket","leadTimeDays":1,"distributorParts":[{"distributor":"acme","partNumber":"x"}]}]}""", "items[0].distributorParts[0].distributor" },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task Bad_orders_are_400_naming_the_field(string raw, string field)
    {
        await using var app = await TestApp.StartAsync();
        var (status, body, _, contentType) = Http.Read(await app.Get<EligibilityFunction>().CheckOrderEligibility(Http.Request("POST", rawBody: raw), app.StoreId));
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task More_items_than_the_bound_is_400_naming_items_and_reads_nothing()
    {
        var requests = new StorageRequests();
        await using var app = await StartCountedAsync(requests);
        var order = Order("3003", Enumerable.Range(0, ValidOrder.MaxItems + 1).Select(i => Line("L" + i, new DistributorPartInput("wps", "87-9938"))).ToArray());
        requests.Reset();

        var (status, body) = await CheckOrderAsync(app, order);

        Assert.Equal(400, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(("items", "TOO_MANY"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(0, requests.Total);
    }

    [Fact]
    public async Task An_illegal_store_id_is_400()
    {
        await using var app = await TestApp.StartAsync();
        var (status, body) = await CheckOrderAsync(app, Order("1", Line("a")), storeId: "bad/store");
        Assert.Equal(400, status);
        Assert.Equal("storeId", body.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
