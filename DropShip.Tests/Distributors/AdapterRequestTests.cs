using System.Text.Json;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Sandbox.Scripting;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Distributors;

/// <summary>
/// What each adapter puts on the wire, as the sandbox recorded it, against docs/distributors.md: method, path, query or
/// body fields and the auth header; and which host test mode uses.
/// </summary>
public sealed class AdapterRequestTests(AdapterAppFixture fixture) : IClassFixture<AdapterAppFixture>
{
    private readonly Infrastructure.TestApp app = fixture.App;

    [Fact]
    public async Task Wps_order_is_a_cart_an_item_and_a_submit_with_the_bearer_token_and_lookup_gets_the_po()
    {
        var (wps, account) = await app.ConnectAsync(Wps);
        var (po, part) = (NewPo(), NewPart("WPS"));

        var placed = await wps.PlaceOrderAsync(account, Order(po, part, quantity: 2, shipMethod: "UP2D"), CancellationToken.None);
        await wps.LookUpOrderAsync(account, Placed(po), CancellationToken.None);

        Assert.IsType<PlaceOrderResult.Accepted>(placed);
        var sent = app.For(Wps, po);
        Assert.Equal(["POST /wps/carts", $"POST /wps/carts/{po}/items", "POST /wps/orders", $"GET /wps/orders/{po}"],
            sent.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(sent, r => Assert.Equal("Bearer " + WpsToken, r.Headers["Authorization"]));

        var cart = JsonDocument.Parse(sent[0].Body).RootElement;
        Assert.Equal(po, cart.GetProperty("po_number").GetString());
        Assert.Equal("UP2D", cart.GetProperty("ship_via").GetString());
        Assert.Equal("Pat Rider", cart.GetProperty("ship_name").GetString());
        Assert.Equal("12 Throttle Way", cart.GetProperty("ship_address1").GetString());
        Assert.Equal("Unit 4", cart.GetProperty("ship_address2").GetString());
        Assert.Equal("Springfield", cart.GetProperty("ship_city").GetString());
        Assert.Equal("IL", cart.GetProperty("ship_state").GetString());
        Assert.Equal("62701", cart.GetProperty("ship_zip").GetString());
        var item = JsonDocument.Parse(sent[1].Body).RootElement;
        Assert.Equal(part, item.GetProperty("item_sku").GetString());
        Assert.Equal(2, item.GetProperty("quantity").GetInt32());
        Assert.Equal(po, JsonDocument.Parse(sent[2].Body).RootElement.GetProperty("po_number").GetString());
    }

    [Fact]
    public async Task Parts_unlimited_order_is_one_dropship_post_with_the_api_key_header_and_the_dealer_number_in_the_body()
    {
        var (pu, account) = await app.ConnectAsync(PartsUnlimited);
        var (po, part) = (NewPo(), "0101-" + NewPart("PU")[3..]);

        var placed = await pu.PlaceOrderAsync(account, Order(po, part, quantity: 2), CancellationToken.None);
        var submittedAt = DateTimeOffset.UtcNow;
        await pu.LookUpOrderAsync(account, Placed(po, submittedAt: submittedAt), CancellationToken.None);

        Assert.IsType<PlaceOrderResult.Accepted>(placed);
        var sent = app.For(PartsUnlimited, po);
        Assert.Equal(["POST /pu/api/orders/dropship", "GET /pu/api/orders/dropship"], sent.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(sent, r => Assert.Equal(PuKey, r.Headers["api-key"]));
        Assert.All(sent, r => Assert.False(r.Headers.ContainsKey("Authorization")));

        var body = JsonDocument.Parse(sent[0].Body).RootElement;
        Assert.Equal(PuDealer, body.GetProperty("dealer_number").GetString());
        Assert.Equal("DS", body.GetProperty("order_type").GetString());
        Assert.Equal(po, body.GetProperty("purchase_order_number").GetString());
        var address = body.GetProperty("ship_to_address");
        Assert.Equal("Pat Rider", address.GetProperty("name").GetString());
        Assert.Equal("12 Throttle Way", address.GetProperty("address_line_1").GetString());
        Assert.Equal("Springfield", address.GetProperty("city").GetString());
        Assert.Equal("62701", address.GetProperty("postal_code").GetString());
        var line = body.GetProperty("line_items")[0];
        Assert.Equal(part, line.GetProperty("part_number").GetString());
        Assert.Equal(2, line.GetProperty("quantity").GetInt32());
        // The lookup lists drop-ship orders of the days around the submission, page by page, as public clients do.
        var lookup = QueryOf(sent[1]);
        var submittedOn = DateOnly.FromDateTime(submittedAt.UtcDateTime);
        Assert.Equal(submittedOn.AddDays(-1).ToString("yyyy-MM-dd"), lookup["date_start"]);
        Assert.Equal(submittedOn.AddDays(1).ToString("yyyy-MM-dd"), lookup["date_end"]);
        Assert.Equal(("1", "DS", po), (lookup["page_num"].ToString(), lookup["order_type"].ToString(), lookup["purchase_order_number"].ToString()));
    }

    [Fact]
    public async Task Tucker_order_is_one_trws_get_with_credentials_in_the_query_and_the_item_without_dashes()
    {
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var po = NewPo();
        var part = "12-" + NewPart("T")[2..];

        var placed = await tucker.PlaceOrderAsync(account, Order(po, part, quantity: 2), CancellationToken.None);
        await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None);
        await tucker.VerifyAsync(account, CancellationToken.None);

        Assert.IsType<PlaceOrderResult.Accepted>(placed);
        var sent = app.For(Tucker, po);
        Assert.Equal(["GET /tucker/bin/trws", "GET /tucker/bin/trws"], sent.Select(r => $"{r.Method} {r.Path}"));
        var order = QueryOf(sent[0]);
        Assert.Equal(TuckerKey, order["apikey"]);
        Assert.Equal(TuckerCustomer, order["cust"]);
        Assert.Equal("JSON", order["output"]);
        Assert.Equal("ORD", order["type"]);
        Assert.Equal("Pat Rider", order["name"]);
        Assert.Equal("12 Throttle Way", order["address1"]);
        Assert.Equal("Unit 4", order["address2"]);
        Assert.Equal("Springfield", order["city"]);
        Assert.Equal("IL", order["state"]);
        Assert.Equal("62701", order["zip"]);
        Assert.Equal(po, order["po"]);
        Assert.Equal("NO", order["allowduplicatepo"]);
        Assert.Equal("UG", order["carrier"]);
        Assert.Equal("YES", order["splitlines"]);
        Assert.Equal("YES", order["submit"]);
        Assert.Equal(part.Replace("-", "") + ",2", order["line"]);
        Assert.All(sent, r => Assert.False(r.Headers.ContainsKey("Authorization")));

        var lookup = QueryOf(sent[1]);
        Assert.Equal(("SHP", po, TuckerKey, TuckerCustomer, "JSON"), (lookup["type"].ToString(), lookup["po"].ToString(), lookup["apikey"].ToString(), lookup["cust"].ToString(), lookup["output"].ToString()));
        var verify = QueryOf(app.Sandbox.Requests.For(Tucker).Last());
        Assert.Equal("INV", verify["type"]);
        Assert.False(string.IsNullOrEmpty(verify["item"]));
    }

    [Theory]
    [InlineData("12-34,56")]      // a comma would start a new field of line=item,qty
    [InlineData("1234&submit=NO")]
    [InlineData("12;34")]
    [InlineData("12=34")]
    [InlineData("12 34")]
    [InlineData("ÄB1234")]
    [InlineData("12.34")]
    [InlineData("---")]
    public async Task Tucker_refuses_a_part_number_that_could_add_fields_to_the_order_line_and_sends_nothing(string partNumber)
    {
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var po = NewPo();

        var rejected = Assert.IsType<PlaceOrderResult.Rejected>(await tucker.PlaceOrderAsync(account, Order(po, partNumber), CancellationToken.None));

        Assert.Equal(RejectionCode.InvalidPart, rejected.Code);
        Assert.Empty(app.For(Tucker, po));
    }

    [Fact]
    public async Task Tucker_sends_letters_and_digits_as_the_item_with_dashes_dropped()
    {
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var po = NewPo();

        Assert.IsType<PlaceOrderResult.Accepted>(await tucker.PlaceOrderAsync(account, Order(po, "BA-0006", quantity: 3), CancellationToken.None));

        Assert.Equal("BA0006,3", QueryOf(Assert.Single(app.For(Tucker, po)))["line"]);
    }

    [Fact]
    public async Task Tucker_sends_the_ship_method_of_the_order_or_of_the_connection_as_the_carrier()
    {
        var storeId = "store-" + Guid.NewGuid().ToString("N")[..12];
        var (tucker, account) = await app.ConnectAsync(Tucker, storeId: storeId, defaults: new ConnectionDefaultsInput { ShipMethod = "FX2" });
        var (defaulted, chosen) = (NewPo(), NewPo());

        await tucker.PlaceOrderAsync(account, Order(defaulted, NewPart()), CancellationToken.None);
        await tucker.PlaceOrderAsync(account, Order(chosen, NewPart(), shipMethod: "U2"), CancellationToken.None);

        Assert.Equal("FX2", QueryOf(app.For(Tucker, defaulted)[0])["carrier"]);
        Assert.Equal("U2", QueryOf(app.For(Tucker, chosen)[0])["carrier"]);
    }

    [Fact]
    public async Task Automatic_order_posts_header_ship_to_and_lines_with_the_bearer_token()
    {
        var (automatic, account) = await app.ConnectAsync(Automatic);
        var (po, part) = (NewPo(), NewPart("AD"));

        var placed = await automatic.PlaceOrderAsync(account, Order(po, part, quantity: 2), CancellationToken.None);
        await automatic.LookUpOrderAsync(account, Placed(po), CancellationToken.None);
        Assert.Equal(VerifyOutcome.Ok, (await automatic.VerifyAsync(account, CancellationToken.None)).Outcome);

        Assert.IsType<PlaceOrderResult.Accepted>(placed);
        var sent = app.For(Automatic, po);
        Assert.Equal(["POST /automatic/order/create", "GET /automatic/order/lookup"], sent.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(sent, r => Assert.Equal("Bearer " + AutomaticToken, r.Headers["Authorization"]));
        var body = JsonDocument.Parse(sent[0].Body).RootElement;
        Assert.Equal(po, body.GetProperty("header").GetProperty("ponumber").GetString());
        var shipTo = body.GetProperty("shipToAddress");
        Assert.Equal("Pat Rider", shipTo.GetProperty("name").GetString());
        Assert.Equal("12 Throttle Way", shipTo.GetProperty("address1").GetString());
        Assert.Equal("Unit 4", shipTo.GetProperty("address2").GetString());
        Assert.Equal("Springfield", shipTo.GetProperty("city").GetString());
        Assert.Equal("IL", shipTo.GetProperty("state").GetString());
        Assert.Equal("62701", shipTo.GetProperty("zip").GetString());
        Assert.Equal("555-0100", shipTo.GetProperty("phone").GetString());
        var line = body.GetProperty("lines")[0];
        Assert.Equal(part, line.GetProperty("partNumber").GetString());
        Assert.Equal(2, line.GetProperty("quantity").GetInt32());
        Assert.Equal(po, QueryOf(sent[1])["ponumber"]);
        Assert.Equal("GET /automatic/account", app.Sandbox.Requests.For(Automatic).Where(r => r.Path.EndsWith("/account")).Select(r => $"{r.Method} {r.Path}").Last());
    }

    [Theory]
    [InlineData(PartsUnlimited, "/pu-stage/api/")]
    [InlineData(Tucker, "/tucker-test/bin/trws")]
    [InlineData(Automatic, "/automatic-test/")]
    public async Task Test_mode_orders_and_looks_up_on_the_test_host_whose_order_book_is_separate(string distributor, string testPrefix)
    {
        var testStore = "store-" + Guid.NewGuid().ToString("N")[..12];
        var (adapter, testAccount) = await app.ConnectAsync(distributor, testMode: true, storeId: testStore);
        var (_, liveAccount) = await app.ConnectAsync(distributor, storeId: "store-" + Guid.NewGuid().ToString("N")[..12]);
        var po = NewPo();
        app.Sandbox.Scripts.Set(po + "-P", new PartScript { ShipAfterChecks = 1 });

        var placed = await adapter.PlaceOrderAsync(testAccount, Order(po, po + "-P"), CancellationToken.None);
        var onTest = await adapter.LookUpOrderAsync(testAccount, Placed(po), CancellationToken.None);
        var onLive = await adapter.LookUpOrderAsync(liveAccount, Placed(po), CancellationToken.None);

        Assert.IsType<PlaceOrderResult.Accepted>(placed);
        Assert.IsType<OrderLookup.Found>(onTest);
        Assert.IsType<OrderLookup.NotFound>(onLive);
        var sent = app.For(distributor, po);
        Assert.Equal(["test", "test", "production"], sent.Select(r => r.Environment));
        Assert.All(sent.Take(2), r => Assert.StartsWith(testPrefix, r.Path));
    }

    [Fact]
    public async Task Wps_has_no_test_mode_to_switch_on()
    {
        var wps = app.Get<DistributorRegistry>().Find(Wps)!;

        var saved = await app.Get<DistributorConnections>().SaveAsync(app.StoreId, wps,
            new ConnectionInput { Credentials = Credentials(Wps), TestMode = true }, CancellationToken.None);

        var invalid = Assert.IsType<SaveConnectionResult.Invalid>(saved);
        Assert.Contains(invalid.Errors, e => e.Code == "NO_TEST_MODE");
        Assert.False(wps.Profile.HasTestMode);
    }

    [Fact]
    public void Profiles_of_the_new_adapters_say_what_they_ask_for_and_accept()
    {
        var registry = app.Get<DistributorRegistry>();
        var tucker = registry.Find(Tucker)!.Profile;
        var automatic = registry.Find(Automatic)!.Profile;

        Assert.Equal(("Tucker Rocky", true, 20), (tucker.DisplayName, tucker.HasTestMode, tucker.Limits.PoNumberMaxLength));
        Assert.Equal([("customerNumber", false), ("apiKey", true)], tucker.CredentialFields.Select(f => (f.Name, f.IsSecret)));
        Assert.Equal((30, 30, 20, 2, 10), (tucker.Limits.ShipTo.Name, tucker.Limits.ShipTo.Address, tucker.Limits.ShipTo.City, tucker.Limits.ShipTo.State, tucker.Limits.ShipTo.PostalCode));
        Assert.Equal(("Automatic Distributors", true, 22), (automatic.DisplayName, automatic.HasTestMode, automatic.Limits.PoNumberMaxLength));
        Assert.Equal([("apiToken", true)], automatic.CredentialFields.Select(f => (f.Name, f.IsSecret)));
    }
}
