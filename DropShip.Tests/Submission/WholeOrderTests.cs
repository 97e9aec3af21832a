using System.Text.Json;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Submission;
using DropShip.Functions.PurchaseOrders;
using DropShip.Functions.Submission;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Submission;

/// <summary>
/// POST dropship/order through the HTTP function against Azurite and the sandbox: items bound for one distributor travel as
/// one PO with lines and one distributor order, each item still has exactly one PO, and one group's fate is its own.
/// </summary>
public class WholeOrderTests
{
    internal static OrderItemFacts Item(string itemId, string distributor, string part, int quantity = 1) =>
        Orders.Item(itemId: itemId, parts: new DistributorPartInput(distributor, part)) with { Quantity = quantity, Description = $"Part {part}", ShipTo = null };

    internal static OrderSubmitRequest Order(IReadOnlyList<OrderItemFacts> items, IReadOnlyList<GroupPoNumber>? poNumbers = null, IReadOnlyList<ItemChoice>? choices = null) => new()
    {
        OrderId = "1001",
        OrderNumber = "#1001",
        OrderStatus = "New",
        ShipTo = Orders.ShipTo(),
        Items = items,
        Choices = choices,
        PoNumbers = poNumbers,
        ConfirmRealOrder = true,
    };

    internal static async Task<(int Status, JsonElement Body)> SubmitOrderAsync(TestApp app, object body)
    {
        var (status, json, _, _) = Http.Read(await app.Get<SubmitOrderFunction>().SubmitOrder(Http.Request("POST", body), app.StoreId, app.Durable.Object));
        return (status, json);
    }

    private static JsonElement Group(JsonElement body, string distributor) =>
        body.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("distributor").GetString() == distributor);

    private static async Task<TestApp> StartAsync()
    {
        var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");
        return app;
    }

    private static OrderSubmitRequest ThreeItems(string wpsPo = "DS1001-W", string puPo = "DS1001-P") => Order(
        [Item("A1", "wps", "87-9938"), Item("A2", "wps", "12-3456", quantity: 2), Item("A3", "parts-unlimited", "0101-3337")],
        [new GroupPoNumber("wps", wpsPo), new GroupPoNumber("parts-unlimited", puPo)]);

    [Fact]
    public async Task Two_wps_items_and_one_parts_unlimited_item_make_exactly_two_distributor_orders_in_their_multi_line_formats()
    {
        await using var app = await StartAsync();

        var (status, body) = await SubmitOrderAsync(app, ThreeItems());

        Assert.True(status == 200, body.ToString());
        Assert.True(body.GetProperty("ordered").GetBoolean());
        Assert.Equal(2, body.GetProperty("groups").GetArrayLength());
        var wps = Group(body, "wps");
        Assert.Equal("Created", wps.GetProperty("outcome").GetString());
        Assert.Equal("DS1001-W", wps.GetProperty("poNumber").GetString());
        var lines = wps.GetProperty("purchaseOrder").GetProperty("lines");
        Assert.Equal(["A1", "A2"], lines.EnumerateArray().Select(l => l.GetProperty("itemId").GetString()!).ToArray());
        Assert.Equal(2, lines[1].GetProperty("quantity").GetInt32());
        Assert.All(wps.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("ordered").GetBoolean()));
        Assert.Equal("Created", Group(body, "parts-unlimited").GetProperty("outcome").GetString());

        // WPS: one cart, one POST /carts/{po}/items per item, one order submission.
        var wpsCalls = app.Sandbox.Requests.For("wps").Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.Equal(["POST /wps/carts", "POST /wps/carts/DS1001-W/items", "POST /wps/carts/DS1001-W/items", "POST /wps/orders"], wpsCalls);
        var cartItems = app.Sandbox.Requests.For("wps").Where(r => r.Path.EndsWith("/items", StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(r.Body).RootElement).Select(b => $"{b.GetProperty("item_sku").GetString()} x{b.GetProperty("quantity").GetInt32()}").ToList();
        Assert.Equal(["87-9938 x1", "12-3456 x2"], cartItems);
        var pu = Assert.Single(app.Sandbox.Requests.For("parts-unlimited"));
        Assert.Equal("DS1001-P", JsonDocument.Parse(pu.Body).RootElement.GetProperty("purchase_order_number").GetString());

        // Every item claimed by its group's PO, and one PO row per group.
        var store = app.Get<PurchaseOrderStore>();
        Assert.Equal(new Dictionary<string, string> { ["A1"] = "DS1001-W", ["A2"] = "DS1001-W", ["A3"] = "DS1001-P" },
            (await store.ClaimsOfOrderAsync(app.StoreId, "1001", default)).OrderBy(c => c.Key).ToDictionary());
        var po = (await store.FindAsync(app.StoreId, "DS1001-W", default))!.Po;
        Assert.Equal(PurchaseOrderStatus.Open, po.Status);
        Assert.Equal(["87-9938", "12-3456"], po.Lines.Select(l => l.PartNumber).ToArray());
        Assert.Equal(("A1", "87-9938", 1), (po.ItemId, po.PartNumber, po.Quantity)); // the first line, as a one-line PO shows it
    }

    [Fact]
    public async Task Parts_unlimited_and_tucker_take_several_lines_in_one_order_call_and_grouping_saves_pu_fees()
    {
        await using var app = await StartAsync();
        await app.ConnectAsync("tucker-rocky");

        var (status, body) = await SubmitOrderAsync(app, Order(
            [Item("A1", "parts-unlimited", "0101-3337"), Item("A2", "parts-unlimited", "0101-4444", 3), Item("A3", "tucker-rocky", "12-3456"), Item("A4", "tucker-rocky", "BA0006", 2)],
            [new GroupPoNumber("parts-unlimited", "DS1001-P"), new GroupPoNumber("tucker-rocky", "DS1001-T")]));

        Assert.True(status == 200, body.ToString());
        var puOrder = JsonDocument.Parse(Assert.Single(app.Sandbox.Requests.For("parts-unlimited")).Body).RootElement;
        Assert.Equal(["1:0101-3337x1", "2:0101-4444x3"], puOrder.GetProperty("line_items").EnumerateArray()
            .Select(l => $"{l.GetProperty("line_number").GetInt32()}:{l.GetProperty("part_number").GetString()}x{l.GetProperty("quantity").GetInt32()}").ToArray());
        var ord = Assert.Single(app.Sandbox.Requests.For("tucker-rocky"));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(ord.Query);
        Assert.Equal("ORD", query["type"].ToString());
        Assert.Equal(["123456,1", "BA0006,2"], query["line"].Select(l => l!).ToArray());

        var fees = Group(body, "parts-unlimited").GetProperty("fees");
        Assert.Equal("PerOrder", fees.GetProperty("basis").GetString());
        Assert.Equal(1, fees.GetProperty("feesAvoided").GetInt32());
        Assert.False(fees.GetProperty("assumption").GetBoolean());
        var tuckerFees = Group(body, "tucker-rocky").GetProperty("fees");
        Assert.Equal("Unknown", tuckerFees.GetProperty("basis").GetString());
        Assert.True(tuckerFees.GetProperty("assumption").GetBoolean());
        Assert.Equal(20, Group(body, "tucker-rocky").GetProperty("lineLimit").GetInt32());
    }

    [Fact]
    public async Task Automatic_gets_one_po_per_item_and_the_answer_says_why()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("automatic");

        var (status, body) = await SubmitOrderAsync(app, Order([Item("A1", "automatic", "AD-100"), Item("A2", "automatic", "AD-200")]));

        Assert.True(status == 200, body.ToString());
        var groups = body.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal("Created", g.GetProperty("outcome").GetString()));
        Assert.All(groups, g => Assert.Contains("one PO per item", g.GetProperty("note").GetString()));
        Assert.Equal(2, groups.Select(g => g.GetProperty("poNumber").GetString()).Distinct().Count());
        Assert.Equal(2, app.Sandbox.Requests.For("automatic").Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task A_rejected_group_releases_only_its_items_and_the_other_groups_order_stands()
    {
        await using var app = await StartAsync();
        app.Sandbox.Scripts.Set("0101-3337", new PartScript { Order = OrderBehavior.RejectInvalidPart });

        var (status, body) = await SubmitOrderAsync(app, Order(
            [Item("A1", "wps", "87-9938"), Item("A2", "parts-unlimited", "0101-3337"), Item("A3", "parts-unlimited", "0101-4444")],
            [new GroupPoNumber("wps", "DS1001-W"), new GroupPoNumber("parts-unlimited", "DS1001-P")]));

        Assert.True(status == 200, body.ToString());
        Assert.Equal("Created", Group(body, "wps").GetProperty("outcome").GetString());
        var pu = Group(body, "parts-unlimited");
        Assert.Equal("Rejected", pu.GetProperty("outcome").GetString());
        Assert.Equal("REJECTED_OTHER", pu.GetProperty("code").GetString()); // PU's failure codes beyond 402/409 are unpublished: a plain rejection
        Assert.False(string.IsNullOrWhiteSpace(pu.GetProperty("distributorMessage").GetString()));
        Assert.All(pu.GetProperty("items").EnumerateArray(), i => Assert.False(i.GetProperty("ordered").GetBoolean()));

        var store = app.Get<PurchaseOrderStore>();
        Assert.Equal(new Dictionary<string, string> { ["A1"] = "DS1001-W" }, (await store.ClaimsOfOrderAsync(app.StoreId, "1001", default)).ToDictionary());
        Assert.Null(await store.FindAsync(app.StoreId, "DS1001-P", default));
        Assert.Equal(PurchaseOrderStatus.Open, (await store.FindAsync(app.StoreId, "DS1001-W", default))!.Po.Status);
        var attempt = Assert.Single(await store.AttemptsAsync(app.StoreId, "DS1001-P", default));
        Assert.Equal(["A2", "A3"], attempt.Lines!.Select(l => l.ItemId).ToArray());
        app.Durable.Invocations.Clear();

        // The released items can be ordered again (the WPS item is refused: it has its PO).
        app.Sandbox.Scripts.Reset();
        var (again, retry) = await SubmitOrderAsync(app, Order(
            [Item("A1", "wps", "87-9938"), Item("A2", "parts-unlimited", "0101-3337"), Item("A3", "parts-unlimited", "0101-4444")],
            [new GroupPoNumber("parts-unlimited", "DS1001-P")]));
        Assert.True(again == 200, retry.ToString());
        Assert.Equal("Created", Group(retry, "parts-unlimited").GetProperty("outcome").GetString());
        var refused = Group(retry, "wps");
        Assert.Equal("Refused", refused.GetProperty("outcome").GetString());
        Assert.Equal("ITEM_HAS_PO", refused.GetProperty("items")[0].GetProperty("code").GetString());
        Assert.Equal("DS1001-W", refused.GetProperty("items")[0].GetProperty("existingPoNumber").GetString());
    }

    [Fact]
    public async Task An_item_a_single_submit_took_first_is_refused_naming_its_po_and_the_rest_is_ordered()
    {
        await using var app = await StartAsync();
        var single = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Item("A1", "wps", "87-9938") with { ShipTo = Orders.ShipTo() }, "DS-SINGLE")), app.StoreId, app.Durable.Object));
        Assert.Equal(201, single.Status);

        var (status, body) = await SubmitOrderAsync(app, Order([Item("A1", "wps", "87-9938"), Item("A2", "wps", "12-3456")], [new GroupPoNumber("wps", "DS1001-W")]));

        Assert.True(status == 200, body.ToString());
        var wps = Group(body, "wps");
        Assert.Equal("Created", wps.GetProperty("outcome").GetString());
        var a1 = wps.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemId").GetString() == "A1");
        Assert.False(a1.GetProperty("ordered").GetBoolean());
        Assert.Equal("ITEM_HAS_PO", a1.GetProperty("code").GetString());
        Assert.Equal("DS-SINGLE", a1.GetProperty("existingPoNumber").GetString());
        Assert.Equal(["A2"], wps.GetProperty("purchaseOrder").GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("itemId").GetString()!).ToArray());

        // Nothing left to order: the whole call is a 409 problem with the same per-group answer.
        var (none, problem) = await SubmitOrderAsync(app, Order([Item("A1", "wps", "87-9938"), Item("A2", "wps", "12-3456")]));
        Assert.Equal(409, none);
        Assert.Equal("ORDER_NOT_PLACED", problem.GetProperty("code").GetString());
        Assert.False(problem.GetProperty("ordered").GetBoolean());
        Assert.Equal("Refused", problem.GetProperty("groups")[0].GetProperty("outcome").GetString());
    }

    // Naming every item's part and PO number, a submit reads only its own items' claims: point reads up to
    // PurchaseOrderStore.MostClaimPointReads items, the order's range query beyond. Both still find the item a PO holds.
    [Theory]
    [InlineData(2)]
    [InlineData(PurchaseOrderStore.MostClaimPointReads + 2)]
    public async Task A_submit_naming_every_part_and_po_number_still_refuses_the_item_a_po_holds(int count)
    {
        await using var app = await StartAsync();
        var single = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Item("A1", "wps", "87-9938") with { ShipTo = Orders.ShipTo() }, "DS-SINGLE")), app.StoreId, app.Durable.Object));
        Assert.Equal(201, single.Status);
        var ids = Enumerable.Range(1, count).Select(i => $"A{i}").ToList();

        var (status, body) = await SubmitOrderAsync(app, Order(ids.Select(id => Item(id, "wps", "87-9938")).ToList(),
            ids.Select(id => new GroupPoNumber("wps", $"DS-{id}")).ToList(), ids.Select(id => new ItemChoice(id, "wps", "87-9938")).ToList()));

        Assert.True(status == 200, body.ToString());
        var items = body.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("items").EnumerateArray()).ToList();
        var a1 = Assert.Single(items, i => i.GetProperty("itemId").GetString() == "A1");
        Assert.Equal("ITEM_HAS_PO", a1.GetProperty("code").GetString());
        Assert.Equal("DS-SINGLE", a1.GetProperty("existingPoNumber").GetString());
        Assert.Equal(ids.Skip(1), items.Where(i => i.GetProperty("ordered").GetBoolean()).Select(i => i.GetProperty("itemId").GetString()!).Order());
    }

    [Fact]
    public async Task Chosen_parts_are_asked_about_once_in_one_call_per_account_ahead_of_the_re_check()
    {
        await using var app = await TestApp.StartAsync(s => s["LiveStock:Enabled"] = "true");
        await app.ConnectAsync("parts-unlimited");
        app.Sandbox.Requests.Clear();

        var (status, body) = await SubmitOrderAsync(app, Order([Item("A1", "parts-unlimited", "0101-3337"), Item("A2", "parts-unlimited", "0101-4444", 3)],
            [new GroupPoNumber("parts-unlimited", "DS1001-P")],
            [new ItemChoice("A1", "parts-unlimited", "0101-3337"), new ItemChoice("A2", "parts-unlimited", "0101-4444")]));

        Assert.True(status == 200, body.ToString());
        // The early question and the re-check's share one call for both parts, as the re-check alone would make.
        var asked = app.Sandbox.Requests.For("parts-unlimited").Where(r => r.Path.StartsWith("/pu/api/v1/parts/inventory/", StringComparison.Ordinal)).ToList();
        var call = Assert.Single(asked);
        Assert.Equal(["0101-3337", "0101-4444"], call.Path["/pu/api/v1/parts/inventory/".Length..].Split(',').Order());
    }

    [Fact]
    public async Task Concurrent_whole_order_and_single_item_submits_leave_every_item_with_exactly_one_po_and_one_distributor_order_per_po()
    {
        await using var app = await StartAsync();
        var items = new[] { Item("A1", "wps", "87-9938"), Item("A2", "wps", "12-3456"), Item("A3", "parts-unlimited", "0101-3337") };

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async Task<(int Status, JsonElement Body)> (i) =>
        {
            if (i % 2 == 0)
                return await SubmitOrderAsync(app, Order(items, [new GroupPoNumber("wps", $"DS-W{i}"), new GroupPoNumber("parts-unlimited", $"DS-P{i}")]));
            var item = items[i % 3];
            var distributor = item.DistributorParts![0].Distributor!;
            var (status, json, _, _) = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
                Http.Request("POST", Orders.Submit(item with { ShipTo = Orders.ShipTo() }, $"DS-S{i}", distributor)), app.StoreId, app.Durable.Object));
            return (status, json);
        }));

        Assert.All(results, r => Assert.True(r.Status is 200 or 201 or 409, r.Body.ToString()));
        // Every loser was told which PO holds its item.
        Assert.All(results.Where(r => r.Status == 409 && r.Body.GetProperty("code").GetString() == "ITEM_HAS_PO"),
            r => Assert.False(string.IsNullOrEmpty(r.Body.GetProperty("existingPoNumber").GetString())));

        var store = app.Get<PurchaseOrderStore>();
        var claims = await store.ClaimsOfOrderAsync(app.StoreId, "1001", default);
        Assert.Equal(["A1", "A2", "A3"], claims.Keys.Order().ToArray());
        var pos = new List<PurchaseOrder>();
        foreach (var number in claims.Values.Distinct())
            pos.Add((await store.FindAsync(app.StoreId, number, default))!.Po);
        Assert.All(pos, po => Assert.Equal(PurchaseOrderStatus.Open, po.Status));
        // Each claimed item is a line of the PO its claim names, and no other PO exists.
        Assert.All(claims, c => Assert.Contains(pos.Single(p => p.PoNumber == c.Value).Lines, l => l.ItemId == c.Key));
        var listed = await store.ListAsync(app.StoreId, new PurchaseOrderFilter(null, "1001", null, null, null), 100, null, default);
        Assert.Equal(pos.Select(p => p.PoNumber).Order(), listed.Items.Select(s => s.PoNumber).Order());
        // One distributor order per PO.
        Assert.Equal(pos.Count(p => p.Distributor == "wps"), app.Sandbox.Requests.For("wps").Count(r => r.Path == "/wps/orders"));
        Assert.Equal(pos.Count(p => p.Distributor == "parts-unlimited"), app.Sandbox.Requests.For("parts-unlimited").Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Search_by_order_id_or_item_id_finds_a_multi_line_po()
    {
        await using var app = await StartAsync();
        Assert.Equal(200, (await SubmitOrderAsync(app, ThreeItems())).Status);
        var queries = app.Get<PurchaseOrderFunctions>();

        async Task<List<string?>> FindAsync(string query) =>
            Http.Read(await queries.SearchPurchaseOrders(Http.Request("GET", query: query), app.StoreId)).Body.GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("poNumber").GetString()).ToList();

        Assert.Equal(["DS1001-P", "DS1001-W"], (await FindAsync("orderId=1001")).Order().ToList());
        Assert.Equal(["DS1001-W"], await FindAsync("orderId=1001&itemId=A2"));
        Assert.Empty(await FindAsync("orderId=1001&itemId=A9"));
        var missing = Http.Read(await queries.SearchPurchaseOrders(Http.Request("GET", query: "itemId=A2"), app.StoreId));
        Assert.Equal(400, missing.Status);
        var summary = Http.Read(await queries.SearchPurchaseOrders(Http.Request("GET", query: "poNumber=DS1001-W"), app.StoreId)).Body.GetProperty("items")[0];
        Assert.Equal(2, summary.GetProperty("lineCount").GetInt32());
    }

    public static TheoryData<string, Func<OrderSubmitRequest, OrderSubmitRequest>, string> BadBodies => new()
    {
        { "confirmRealOrder", r => r with { ConfirmRealOrder = null }, "CONFIRMATION_REQUIRED" },
        { "shipTo", r => r with { ShipTo = null }, "REQUIRED" },
        { "items[0].shipTo", r => r with { Items = [r.Items![0]! with { ShipTo = Orders.ShipTo() }, .. r.Items.Skip(1)] }, "NOT_SUPPORTED" },
        { "choices[0].partNumber", r => r with { Choices = [new ItemChoice("A1", "wps", "99-9999")] }, "NOT_AN_OPTION" },
        { "choices[0].itemId", r => r with { Choices = [new ItemChoice("Z9", "wps", "87-9938")] }, "INVALID_VALUE" },
        { "poNumbers[1].poNumber", r => r with { PoNumbers = [new GroupPoNumber("wps", "DS-1"), new GroupPoNumber("parts-unlimited", "DS-1")] }, "DUPLICATE" },
        { "poNumbers[0].poNumber", r => r with { PoNumbers = [new GroupPoNumber("parts-unlimited", new string('A', 21))] }, "TOO_LONG" },
        { "poNumbers[0].distributor", r => r with { PoNumbers = [new GroupPoNumber("nope", "DS-1")] }, "UNKNOWN_DISTRIBUTOR" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_stored_or_sent(string field, Func<OrderSubmitRequest, OrderSubmitRequest> spoil, string code)
    {
        await using var app = await StartAsync();

        var (status, body) = await SubmitOrderAsync(app, spoil(ThreeItems()));

        Assert.Equal(400, status);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field && e.GetProperty("code").GetString() == code);
        Assert.Empty(app.Sandbox.Requests.All);
        Assert.Empty(await app.Get<PurchaseOrderStore>().ClaimsOfOrderAsync(app.StoreId, "1001", default));
    }

    [Fact]
    public async Task A_ship_to_one_distributor_cannot_take_refuses_only_that_group()
    {
        await using var app = await StartAsync();
        // 20 characters: within Parts Unlimited's city limit (30), over WPS's (17).
        var (status, body) = await SubmitOrderAsync(app, ThreeItems() with { ShipTo = Orders.ShipTo(city: "Twentycharacterstown") });

        Assert.True(status == 200, body.ToString());
        var wps = Group(body, "wps");
        Assert.Equal("Refused", wps.GetProperty("outcome").GetString());
        Assert.Equal("INVALID_REQUEST", wps.GetProperty("code").GetString());
        Assert.Equal("shipTo.city", wps.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("Created", Group(body, "parts-unlimited").GetProperty("outcome").GetString());
        Assert.Empty(app.Sandbox.Requests.For("wps"));
    }

    [Fact]
    public async Task Items_without_a_choice_go_with_their_recommended_option()
    {
        await using var app = await StartAsync();
        // A1 lists a distributor the store has not connected first: its recommended option is the WPS part.
        var a1 = Orders.Item(itemId: "A1", parts: [new DistributorPartInput("tucker-rocky", "12-3456"), new DistributorPartInput("wps", "87-9938")]) with { ShipTo = null };
        var (status, body) = await SubmitOrderAsync(app, Order([a1, Item("A2", "wps", "12-3456")]));

        Assert.True(status == 200, body.ToString());
        var group = Assert.Single(body.GetProperty("groups").EnumerateArray());
        Assert.Equal("wps", group.GetProperty("distributor").GetString());
        Assert.Equal(["87-9938", "12-3456"], group.GetProperty("purchaseOrder").GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("partNumber").GetString()!).ToArray());
        // The suggested PO number of the first item.
        Assert.StartsWith("DS1001-", group.GetProperty("poNumber").GetString());
    }
}
