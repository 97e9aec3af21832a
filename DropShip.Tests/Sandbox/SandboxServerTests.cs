using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DropShip.Sandbox;
using DropShip.Sandbox.Scripting;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Sandbox;

/// <summary>The sandbox over real HTTP: each test starts its own server, so scripts, orders and the request log never leak between tests.</summary>
public sealed class SandboxServerTests : SandboxOverHttp
{
    [Fact]
    public async Task Wps_cart_items_order_then_lookup_ships_three_packages_over_two_warehouses_on_the_second_check()
    {
        server.Scripts.Set("WPS-100", new PartScript { ShipAfterChecks = 2, Packages = 3 });

        var cart = await SendAsync(WpsRequest(HttpMethod.Post, "wps/carts", WpsCart("PO-WPS-1")));
        Assert.Equal(HttpStatusCode.OK, cart.Status);
        Assert.Equal("DS", (string?)cart.Json["data"]!["shipment_type"]);

        var item = await SendAsync(WpsRequest(HttpMethod.Post, "wps/carts/PO-WPS-1/items", new { item_sku = "wps-100", quantity = 3 }));
        Assert.Equal("added", (string?)item.Json["data"]!["status"]);

        var order = await SendAsync(WpsRequest(HttpMethod.Post, "wps/orders", new { po_number = "PO-WPS-1" }));
        Assert.Equal(HttpStatusCode.OK, order.Status);
        // In {"data":...} by default: WPS's response types page and a public client (the Orders page shows it bare: a variant).
        Assert.Matches("^W[0-9]{7}$", (string?)order.Json["data"]!["order_number"]);
        Assert.Null(order.Json["order_number"]);

        var first = await SendAsync(WpsRequest(HttpMethod.Get, "wps/orders/PO-WPS-1"));
        var openDetails = first.Json["data"]!["order_details"]!.AsArray();
        Assert.All(openDetails, detail =>
        {
            Assert.Equal("Processing", (string?)detail!["order_status"]);
            Assert.Empty(detail["tracking_numbers"]!.AsArray());
            Assert.Null(detail["ship_date"]);
            Assert.Equal(0, (int)detail["invoice_number"]!);
            Assert.All(detail["items"]!.AsArray(), line => Assert.Equal(0, (int)line!["ship_quantity"]!));
        });

        var second = await SendAsync(WpsRequest(HttpMethod.Get, "wps/orders/PO-WPS-1"));
        var details = second.Json["data"]!["order_details"]!.AsArray();
        Assert.Equal(2, details.Count);
        Assert.NotEqual((string?)details[0]!["warehouse"], (string?)details[1]!["warehouse"]);
        Assert.All(details, detail =>
        {
            Assert.Equal("Shipped", (string?)detail!["order_status"]);
            Assert.Equal("UP2D", (string?)detail["ship_via"]);
            Assert.NotEqual(0, (int)detail["invoice_number"]!);
        });
        var tracking = details.SelectMany(detail => detail!["tracking_numbers"]!.AsArray().Select(number => (string)number!)).ToList();
        Assert.Equal(3, tracking.Distinct().Count());
        Assert.All(tracking, number => Assert.Matches("^1Z[0-9A-Z]{16}$", number));
        // Items as public clients read them: sku, order_quantity, ship_quantity.
        var items = details.SelectMany(detail => detail!["items"]!.AsArray()).ToList();
        Assert.Equal(3, items.Sum(line => (int)line!["order_quantity"]!));
        Assert.Equal(3, items.Sum(line => (int)line!["ship_quantity"]!));
        Assert.All(items, line => Assert.Equal("wps-100", (string?)line!["sku"]));
    }

    [Fact]
    public async Task Wps_answers_in_the_other_documented_wrapping_when_told()
    {
        server.Scripts.Variants = new ApiVariants { WpsSubmitInData = false, WpsLookupInData = false };

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(WpsRequest(HttpMethod.Post, "wps/carts", WpsCart("PO-WPS-V")))).Status);
        await SendAsync(WpsRequest(HttpMethod.Post, "wps/carts/PO-WPS-V/items", new { item_sku = "WPS-V", quantity = 1 }));
        var order = await SendAsync(WpsRequest(HttpMethod.Post, "wps/orders", new { po_number = "PO-WPS-V" }));
        var lookup = await SendAsync(WpsRequest(HttpMethod.Get, "wps/orders/PO-WPS-V"));

        Assert.Matches("^W[0-9]{7}$", (string?)order.Json["order_number"]);
        Assert.Equal("PO-WPS-V", (string?)lookup.Json["po_number"]);
        Assert.Single(lookup.Json["order_details"]!.AsArray());
    }

    [Fact]
    public async Task Wps_two_packages_share_one_order_detail_and_bad_tokens_get_401()
    {
        server.Scripts.Set("WPS-200", new PartScript { ShipAfterChecks = 1, Packages = 2, Carrier = "FedEx" });
        await PlaceWpsOrderAsync("PO-WPS-2", "WPS-200", quantity: 2);

        var lookup = await SendAsync(WpsRequest(HttpMethod.Get, "wps/orders/PO-WPS-2"));
        var detail = Assert.Single(lookup.Json["data"]!["order_details"]!.AsArray())!;
        Assert.Equal("FE2D", (string?)detail["ship_via"]);
        Assert.All(detail["tracking_numbers"]!.AsArray(), number => Assert.Matches("^[0-9]{12}$", (string?)number));
        Assert.Equal(2, detail["tracking_numbers"]!.AsArray().Count);

        var unauthorized = await SendAsync(WpsRequest(HttpMethod.Get, "wps/orders/PO-WPS-2", token: "invalid-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.Equal("Unauthenticated.", (string?)unauthorized.Json["message"]);

        var unknown = await SendAsync(WpsRequest(HttpMethod.Get, "wps/orders/NEVER-ORDERED"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Wps_enforces_field_limits_and_one_open_cart_per_po()
    {
        var tooLong = await SendAsync(WpsRequest(HttpMethod.Post, "wps/carts", WpsCart("PO-WPS-3", city: "Rancho Santa Margarita")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.Status);
        Assert.Equal("The ship city may not be greater than 17 characters.", (string?)tooLong.Json["message"]);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(WpsRequest(HttpMethod.Post, "wps/carts", WpsCart("PO-WPS-3")))).Status);
        var again = await SendAsync(WpsRequest(HttpMethod.Post, "wps/carts", WpsCart("PO-WPS-3")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.Status);
        Assert.Equal("A cart already exists for this PO number", (string?)again.Json["message"]);
    }

    [Fact]
    public async Task Parts_unlimited_reports_order_failures_in_the_body_with_http_200()
    {
        server.Scripts.Set("0101-3337", new PartScript { Order = OrderBehavior.PaymentProblem });

        var creditHold = await SendAsync(PuOrder("pu/api", "PO-PU-1", "0101-3337"));
        Assert.Equal(HttpStatusCode.OK, creditHold.Status);
        Assert.Equal(402, (int)creditHold.Json["status_code"]!);
        Assert.Equal("Dealer account is on credit hold", (string?)creditHold.Json["status_message"]);

        var accepted = await SendAsync(PuOrder("pu/api", "PO-PU-2", "0200-1111"));
        Assert.Equal(200, (int)accepted.Json["status_code"]!);
        Assert.StartsWith("PU", (string?)accepted.Json["reference_number"]);

        var duplicate = await SendAsync(PuOrder("pu/api", "PO-PU-2", "0200-1111"));
        Assert.Equal(HttpStatusCode.OK, duplicate.Status);
        Assert.Equal(409, (int)duplicate.Json["status_code"]!);

        var tooLong = await SendAsync(PuOrder("pu/api", "PO-THAT-IS-TOO-LONG-21", "0200-1111"));
        Assert.Equal(400, (int)tooLong.Json["status_code"]!);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(null)]
    public async Task Rate_limited_lookups_answer_429_with_or_without_retry_after_then_succeed(int? retryAfterSeconds)
    {
        server.Scripts.Set("RL-1", new PartScript
        {
            RateLimitedChecks = 2,
            RetryAfter = retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            ShipAfterChecks = 3,
        });
        Assert.Equal(200, (int)(await SendAsync(PuOrder("pu-stage/api", "PO-RL-1", "RL-1"))).Json["status_code"]!);

        for (var check = 1; check <= 2; check++)
        {
            var limited = await SendAsync(PuListing("pu-stage/api"));
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
            Assert.Equal(retryAfterSeconds, (int?)limited.Response.Headers.RetryAfter?.Delta?.TotalSeconds);
        }

        var shipped = await SendAsync(PuListing("pu-stage/api"));
        Assert.Equal(HttpStatusCode.OK, shipped.Status);
        var order = Assert.Single(shipped.Json["orders"]!.AsArray())!;
        Assert.Equal("Shipped", (string?)order["status_message"]);
        var line = Assert.Single(order["line_items"]!.AsArray())!;
        Assert.Equal(1, (int)line["ordered"]!["quantity"]!);
        var package = Assert.Single(line["shipped"]!.AsArray())!;
        Assert.Equal(("ups_ground", 1), ((string?)package["shipped_via"], (int)package["quantity"]!));
        Assert.Matches("^1Z[0-9A-Z]{16}$", (string?)Assert.Single(package["tracking_numbers"]!.AsArray()));

        // Production and staging are separate environments: staging's order does not exist in production.
        var production = await SendAsync(PuListing("pu/api"));
        Assert.Empty(production.Json["orders"]!.AsArray());
    }

    [Fact]
    public async Task Parts_unlimited_lists_orders_by_date_and_page_and_ignores_a_po_filter_unless_told()
    {
        server.Scripts.Variants = new ApiVariants { PartsUnlimitedPageSize = 2 };
        foreach (var po in new[] { "PO-L-1", "PO-L-2", "PO-L-3", "PO-L-4", "PO-L-5" })
            await SendAsync(PuOrder("pu/api", po, "0400-" + po[^1]));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var pages = new List<List<string>>();
        for (var page = 1; page <= 4; page++)
            pages.Add((await SendAsync(PuListing("pu/api", $"date_start={today}&date_end={today}&page_num={page}&order_type=DS&purchase_order_number=PO-L-5")))
                .Json["orders"]!.AsArray().Select(o => (string)o!["purchase_order_number"]!).ToList());
        var yesterday = await SendAsync(PuListing("pu/api", $"date_start=2001-01-01&date_end=2001-01-02&page_num=1"));
        var otherKey = await SendAsync(PuListing("pu/api", apiKey: "key-2"));

        Assert.Equal([["PO-L-1", "PO-L-2"], ["PO-L-3", "PO-L-4"], ["PO-L-5"], []], pages);
        Assert.Empty(yesterday.Json["orders"]!.AsArray());
        Assert.Empty(otherKey.Json["orders"]!.AsArray()); // each api-key sees its own account's orders

        server.Scripts.Variants = new ApiVariants { PartsUnlimitedFiltersByPo = true };
        var filtered = await SendAsync(PuListing("pu/api", "purchase_order_number=PO-L-4"));
        Assert.Equal("PO-L-4", (string?)Assert.Single(filtered.Json["orders"]!.AsArray())!["purchase_order_number"]);
    }

    [Fact]
    public async Task Parts_unlimited_listing_variants_group_tracking_fail_a_page_or_repeat_the_last_page()
    {
        server.Scripts.Set("0500-1", new PartScript { ShipAfterChecks = 1, Packages = 2 });
        await SendAsync(PuOrder("pu/api", "PO-V-1", "0500-1", quantity: 2));
        await SendAsync(PuOrder("pu/api", "PO-V-2", "0500-2"));

        server.Scripts.Variants = new ApiVariants { PartsUnlimitedTrackingGrouped = true, PartsUnlimitedPageSize = 1, PartsUnlimitedLastDistinctPage = 2 };
        var grouped = await SendAsync(PuListing("pu/api", "page_num=1"));
        var repeated = await SendAsync(PuListing("pu/api", "page_num=3"));
        server.Scripts.Variants = new ApiVariants { PartsUnlimitedFailingPage = 2 };
        var failing = await SendAsync(PuListing("pu/api", "page_num=2"));

        var shipped = Assert.Single(grouped.Json["orders"]![0]!["line_items"]![0]!["shipped"]!.AsArray())!;
        Assert.Equal(2, (int)shipped["quantity"]!);
        Assert.Equal(2, shipped["tracking_numbers"]!.AsArray().Count);
        Assert.Equal("PO-V-2", (string?)repeated.Json["orders"]![0]!["purchase_order_number"]);
        Assert.Equal(HttpStatusCode.InternalServerError, failing.Status);
    }

    [Fact]
    public async Task Variants_are_set_over_http_and_reset_with_the_scripts()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "_sandbox/variants") { Content = JsonContent.Create(new { tuckerOrderOutput = false, partsUnlimitedPageSize = 7 }) };
        var set = await SendAsync(put);
        using var bad = new HttpRequestMessage(HttpMethod.Put, "_sandbox/variants") { Content = JsonContent.Create(new { partsUnlimitedPageSize = 0 }) };
        var refused = await SendAsync(bad);

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal(new ApiVariants { TuckerOrderOutput = false, PartsUnlimitedPageSize = 7 }, server.Scripts.Variants);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        server.Scripts.Reset();
        Assert.Equal(new ApiVariants(), server.Scripts.Variants);
    }

    [Fact]
    public async Task A_slow_answer_waits_on_the_sandbox_clock_and_a_caller_that_hangs_up_orders_nothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await SandboxServer.StartAsync(clock: clock);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        server.Scripts.Set("SLOW-1", new PartScript { Order = OrderBehavior.Slow, Delay = TimeSpan.FromMinutes(10) });
        server.Scripts.Set("SLOW-2", new PartScript { Order = OrderBehavior.Slow, Delay = TimeSpan.FromMinutes(10) });

        var answered = http.SendAsync(PuOrder("pu/api", "PO-S-1", "SLOW-1"));
        await server.Delays.WhenHeldAsync(1);
        clock.Advance(TimeSpan.FromMinutes(10));
        var accepted = await answered;

        using var hangUp = new CancellationTokenSource();
        var abandoned = http.SendAsync(PuOrder("pu/api", "PO-S-2", "SLOW-2"), hangUp.Token);
        await server.Delays.WhenHeldAsync(2);
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        // The hold ends when the sandbox notices the hang-up, long before its ten minutes: the clock has not moved since.
        await server.Delays.WhenReleasedAsync(2).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var listing = PuListing("pu/api");
        var orders = JsonNode.Parse(await (await http.SendAsync(listing)).Content.ReadAsStringAsync())!["orders"]!.AsArray();
        Assert.Equal(["PO-S-1"], orders.Select(o => (string)o!["purchase_order_number"]!));
    }

    [Fact]
    public async Task Disconnect_places_the_order_and_drops_the_connection_without_an_answer()
    {
        server.Scripts.Set("0600-1", new PartScript { Order = OrderBehavior.Disconnect });

        var dropped = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(PuOrder("pu/api", "PO-D-1", "0600-1")));
        var listing = await SendAsync(PuListing("pu/api"));

        // The request was sent: the failure is not one of those that come before sending (name lookup, connect, TLS).
        Assert.DoesNotContain(dropped.HttpRequestError, new[] { HttpRequestError.NameResolutionError, HttpRequestError.ConnectionError, HttpRequestError.SecureConnectionError });
        Assert.Equal("PO-D-1", (string?)Assert.Single(listing.Json["orders"]!.AsArray())!["purchase_order_number"]);
    }

    [Fact]
    public async Task Every_request_is_recorded_with_distributor_environment_headers_and_body()
    {
        await SendAsync(PuOrder("pu-stage/api", "PO-REC-1", "0300-2222"));
        await SendAsync(WpsRequest(HttpMethod.Get, "wps/orders/PO-REC-1"));

        var recorded = Assert.Single(server.Requests.For("parts-unlimited"));
        Assert.Equal("test", recorded.Environment);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/pu-stage/api/orders/dropship", recorded.Path);
        Assert.Equal("key-1", recorded.Headers["API-KEY"]);
        Assert.Contains("\"purchase_order_number\":\"PO-REC-1\"", recorded.Body, StringComparison.Ordinal);

        var wps = Assert.Single(server.Requests.For("wps"));
        Assert.Equal("production", wps.Environment);
        Assert.Equal(2, server.Requests.All.Count);

        server.Requests.Clear();
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task Fifty_concurrent_wps_carts_with_distinct_pos_are_all_accepted_and_recorded()
    {
        var responses = await Task.WhenAll(Enumerable.Range(1, 50)
            .Select(index => SendAsync(WpsRequest(HttpMethod.Post, "wps/carts", WpsCart($"PO-CC-{index}")))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.Status));
        Assert.Equal(50, responses.Select(response => (string?)response.Json["data"]!["cart_number"]).Distinct().Count());
        var recordedPos = server.Requests.For("wps").Select(request => JsonNode.Parse(request.Body)!["po_number"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(Enumerable.Range(1, 50).Select(index => $"PO-CC-{index}").ToHashSet(), recordedPos);
    }

    [Fact]
    public async Task Tucker_orders_with_undashed_items_and_lists_one_shipment_per_package()
    {
        server.Scripts.Set("12-3456", new PartScript { ShipAfterChecks = 1, Packages = 2, Carrier = "USPS" });
        const string order = "tucker-test/bin/trws?apikey=k&cust=123&output=JSON&type=ORD&name=Pat&address1=1%20Main&city=Dallas&state=TX&zip=75001"
            + "&po=PO-TR-1&allowduplicatepo=NO&carrier=UG&splitlines=YES&submit=YES&line=123456,2";

        var placed = await SendAsync(new HttpRequestMessage(HttpMethod.Get, order));
        Assert.Equal("SUCCESSFUL", (string?)placed.Json["ORD"]!["status"]);
        // By default with orderoutput, as the one public client that reads it returns it.
        Assert.Matches("^T[0-9]{6}$", (string?)placed.Json["ORD"]!["orderoutput"]!["ordernumber"]);
        server.Scripts.Variants = new ApiVariants { TuckerOrderOutput = false };
        var bare = await SendAsync(new HttpRequestMessage(HttpMethod.Get, order.Replace("PO-TR-1", "PO-TR-2")));
        Assert.Null(bare.Json["ORD"]!["orderoutput"]);
        server.Scripts.Reset();

        var duplicate = await SendAsync(new HttpRequestMessage(HttpMethod.Get, order));
        Assert.Equal("Duplicate PO number", (string?)duplicate.Json["ORD"]!["errormsg"]);

        var shipments = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "tucker-test/bin/trws?apikey=k&cust=123&output=JSON&type=SHP&po=PO-TR-1"));
        var packages = shipments.Json["SHP"]!["shipment"]!.AsArray();
        Assert.Equal(2, packages.Count);
        Assert.All(packages, package => Assert.Matches("^[0-9]{22}$", (string?)package!["trackingnumber"]));

        var production = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "tucker/bin/trws?apikey=k&cust=123&output=JSON&type=SHP&po=PO-TR-1"));
        Assert.Equal("No order found for PO", (string?)production.Json["SHP"]!["errormsg"]);

        var badKey = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "tucker/bin/trws?apikey=invalid&cust=123&output=JSON&type=INV&item=123456"));
        Assert.Equal(HttpStatusCode.OK, badKey.Status);
        Assert.Equal("ERROR", (string?)badKey.Json["INV"]!["status"]);
    }

    [Fact]
    public async Task Automatic_creates_looks_up_and_rejects_reused_or_non_ascii_pos()
    {
        server.Scripts.Set("AD-1", new PartScript { ShipAfterChecks = 2, PartialAfterChecks = 1, Packages = 2, Carrier = "OnTrac" });

        var created = await SendAsync(AutomaticOrder("PO-AD-1"));
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Matches("^A[0-9]{6}$", (string?)created.Json["header"]!["orderNumber"]);

        var partial = await SendAsync(AutomaticRequest(HttpMethod.Get, "automatic/order/lookup?ponumber=PO-AD-1"));
        Assert.Equal("PARTIAL", (string?)partial.Json["header"]!["status"]);
        var shipment = Assert.Single(partial.Json["shipments"]!.AsArray())!;
        Assert.Matches("^C[0-9]{14}$", (string?)shipment["trackingNumber"]);
        Assert.Null(shipment["proNumber"]);

        var shipped = await SendAsync(AutomaticRequest(HttpMethod.Get, "automatic/order/lookup?ponumber=PO-AD-1"));
        Assert.Equal("SHIPPED", (string?)shipped.Json["header"]!["status"]);
        Assert.Matches(@"^\d{2}/\d{2}/\d{2}$", (string?)shipped.Json["header"]!["invoiceDate"]);

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(AutomaticOrder("PO-AD-1"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(AutomaticOrder("PO-É-1"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(AutomaticRequest(HttpMethod.Get, "automatic-test/order/lookup?ponumber=PO-AD-1"))).Status);
    }

    private async Task PlaceWpsOrderAsync(string poNumber, string sku, int quantity)
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(WpsRequest(HttpMethod.Post, "wps/carts", WpsCart(poNumber)))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(WpsRequest(HttpMethod.Post, $"wps/carts/{poNumber}/items", new { item_sku = sku, quantity }))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(WpsRequest(HttpMethod.Post, "wps/orders", new { po_number = poNumber }))).Status);
    }

    private static object WpsCart(string poNumber, string city = "Boise") => new
    {
        po_number = poNumber,
        ship_via = "UP2D",
        ship_name = "Pat Rider",
        ship_address1 = "1 Main St",
        ship_city = city,
        ship_state = "ID",
        ship_zip = "83702",
    };

    private static HttpRequestMessage WpsRequest(HttpMethod method, string path, object? body = null, string token = "wps-token")
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static HttpRequestMessage PuOrder(string prefix, string poNumber, string partNumber, int quantity = 1)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{prefix}/orders/dropship")
        {
            Content = JsonContent.Create(new
            {
                dealer_number = "D00000",
                order_type = "DS",
                purchase_order_number = poNumber,
                shipping_method = "ground",
                validate_price = false,
                cancellation_policy = "back_order",
                ship_to_address = new
                {
                    name = "Pat Rider",
                    company = "",
                    address_line_1 = "1 Main St",
                    address_line_2 = "",
                    city = "Madison",
                    state = "WI",
                    postal_code = "53703",
                    country = "US",
                },
                line_items = new[] { new { line_number = 1, part_number = partNumber, quantity, price = 0m, currency = "USD", memo = "" } },
            }),
        };
        request.Headers.Add("api-key", "key-1");
        return request;
    }

    private static HttpRequestMessage PuListing(string prefix, string query = "page_num=1", string apiKey = "key-1")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{prefix}/orders/dropship?{query}");
        request.Headers.Add("api-key", apiKey);
        return request;
    }

    private static HttpRequestMessage AutomaticOrder(string poNumber) => AutomaticRequest(HttpMethod.Post, "automatic/order/create", new
    {
        header = new { ponumber = poNumber },
        shipToAddress = new { name = "Pat", address1 = "1 Main", address2 = "", city = "Reno", state = "NV", zip = "89501", phone = "7755550100", classification = "residential" },
        lines = new[] { new { partNumber = "AD-1", quantity = 2 } },
    });

    private static HttpRequestMessage AutomaticRequest(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ad-token");
        return request;
    }

    private async Task<(HttpStatusCode Status, JsonNode Json, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!, response);
    }
}
