using System.Text.Json;
using Azure.Data.Tables;
using DropShip.Core.Caching;
using DropShip.Core.Eligibility;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Submission;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Distributors;
using DropShip.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Moq;

namespace DropShip.Tests.Submission;

/// <summary>Submit through the HTTP function against Azurite and the sandbox: every outcome, and never ordering twice.</summary>
public class SubmitPurchaseOrderTests
{
    private static async Task<(int Status, JsonElement Body)> SubmitAsync(TestApp app, object body, string? storeId = null)
    {
        var function = app.Get<SubmitPurchaseOrderFunction>();
        var (status, json, _, _) = Http.Read(await function.SubmitPurchaseOrder(Http.Request("POST", body), storeId ?? app.StoreId, app.Durable.Object));
        return (status, json);
    }

    private static PurchaseOrderStore Store(TestApp app) => app.Get<PurchaseOrderStore>();

    [Fact]
    public async Task Wps_order_is_placed_once_with_the_documented_calls_and_tracking_starts()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"));

        Assert.Equal(201, status);
        Assert.Equal("Open", body.GetProperty("status").GetString());
        Assert.Equal("DS1001-1", body.GetProperty("poNumber").GetString());
        Assert.StartsWith("W", body.GetProperty("distributorOrderNumbers")[0].GetString());

        var calls = app.Sandbox.Requests.For("wps").Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.Equal(["POST /wps/carts", "POST /wps/carts/DS1001-1/items", "POST /wps/orders"], calls);
        var cart = app.Sandbox.Requests.For("wps").First();
        Assert.Equal("Bearer " + DistributorKit.WpsToken, cart.Headers["Authorization"]);
        var cartBody = JsonDocument.Parse(cart.Body).RootElement;
        Assert.Equal("DS1001-1", cartBody.GetProperty("po_number").GetString());
        Assert.Equal("Springfield", cartBody.GetProperty("ship_city").GetString());
        var item = JsonDocument.Parse(app.Sandbox.Requests.For("wps").ElementAt(1).Body).RootElement;
        Assert.Equal("87-9938", item.GetProperty("item_sku").GetString());
        Assert.Equal(1, item.GetProperty("quantity").GetInt32());

        var stored = await Store(app).FindAsync(app.StoreId, "DS1001-1", default);
        Assert.Equal(PurchaseOrderStatus.Open, stored!.Po.Status);
        Assert.Equal("DS1001-1", await Store(app).FindClaimAsync(app.StoreId, "1001", "A1", default));
        app.Durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == "TrackPurchaseOrder"),
            It.Is<object?>(o => o is TrackingState && ((TrackingState)o).PoNumber == "DS1001-1"),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == TrackingInstance.IdFor(app.StoreId, "DS1001-1")),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_submit_reads_its_account_once_beside_the_eligibility_reads_and_asks_the_engine_once()
    {
        // Holds every read until six wait at once: the store's connections, the order's claims, the part's feed row and the
        // feed's age (eligibility), and the chosen distributor's connection row and secrets (the account the live-stock
        // question and the order call share).
        var gate = new ConcurrentReadGate(6);
        var requests = new StorageRequests();
        var connection = await Azurite.ConnectionStringAsync();
        await using var app = await TestApp.StartAsync(services: s =>
        {
            var options = requests.Attach(new TableClientOptions());
            options.AddPolicy(gate, Azure.Core.HttpPipelinePosition.PerCall);
            s.Replace(ServiceDescriptor.Singleton(new TableServiceClient(connection, options)));
        });
        await app.ConnectAsync("wps");
        await Store(app).ClaimsOfOrderAsync(app.StoreId, "warm-up", default); // creates the table outside the gate
        // Cold, as after the cache's time: the secrets the connection's probe left in the cache are read again.
        app.Get<ReadCache>().Clear(CacheRegion.Secrets);
        requests.Reset();
        gate.Armed = true;

        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"));

        Assert.True(status == 201, body.ToString());
        // Through the gate at all means the first six reads waited together (fewer fail after its bound); later reads pass.
        Assert.True(gate.Held >= 6);
        // The connections list and the account's row; the secrets once; of the POs only the order's claims: the dealer named
        // the PO number (no read of the store's taken numbers), and the created event's timeline note uses the PO just written.
        Assert.Equal(2, requests.To(Core.Connections.DistributorConnections.TableName, "GET"));
        Assert.Equal(1, requests.To(Core.Connections.LocalEncryptedCredentialVault.TableName, "GET"));
        Assert.Equal(1, requests.To(PurchaseOrderStore.TableName, "GET"));
        // The created event is the PO's first: stored without reading the outbox first.
        Assert.Equal(0, requests.To(app.Get<IOptions<PlatformOptions>>().Value.OutboxTable, "GET"));
        // The PO was reserved by this request, so its monitor starts without a status question first.
        app.Durable.Verify(d => d.GetInstancesAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
        app.Durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
        var timeline = await Store(app).TimelineAsync(app.StoreId, "DS1001-1", default);
        Assert.Single(timeline, e => e.Type == TimelineEntryTypes.WebhookQueued);
    }

    [Fact]
    public async Task The_live_stock_guard_asks_the_distributor_beside_the_re_checks_reads_and_once()
    {
        // The item's claim read is held until WPS has been asked about the part: a guard that waited for the re-check's
        // reads would never be asked, and the submit would fail on the held read.
        var hold = new HoldClaimReads();
        var connection = await Azurite.ConnectionStringAsync();
        await using var app = await TestApp.StartAsync(s => s["LiveStock:Enabled"] = "true", services: s =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(hold, Azure.Core.HttpPipelinePosition.PerCall);
            s.Replace(ServiceDescriptor.Singleton(new TableServiceClient(connection, options)));
        });
        await app.ConnectAsync("wps");
        await Store(app).ClaimsOfOrderAsync(app.StoreId, "warm-up", default); // creates the table before the hold
        app.Sandbox.Requests.Clear();
        hold.Until = () => app.Sandbox.Requests.WhenReceivedAsync(r => r.Path.StartsWith("/wps/items", StringComparison.Ordinal));

        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"));

        Assert.True(status == 201, body.ToString());
        Assert.True(hold.Held > 0);
        // Eligibility's own question joined the early one: WPS was asked about the part once.
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Path.StartsWith("/wps/items", StringComparison.Ordinal));
        Assert.Equal("Confirmed", body.GetProperty("stockAtSubmit").GetProperty("outcome").GetString());
    }

    /// <summary>Holds reads of the PurchaseOrders table until <see cref="Until"/> completes (at most 20 s).</summary>
    private sealed class HoldClaimReads : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int held;

        public Func<Task>? Until { get; set; }

        public int Held => Volatile.Read(ref held);

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (Until is { } until && message.Request.Method == Azure.Core.RequestMethod.Get
                && message.Request.Uri.Path.Contains("/" + PurchaseOrderStore.TableName + "(", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref held);
                await until().WaitAsync(TimeSpan.FromSeconds(20));
            }
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);
    }

    [Fact]
    public async Task Parts_unlimited_test_mode_goes_to_staging_with_the_documented_body()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("parts-unlimited", testMode: true);
        var item = Orders.Item(parts: new DistributorPartInput("parts-unlimited", "0101-3337"));
        var (status, body) = await SubmitAsync(app, Orders.Submit(item, "DS1001-1", "parts-unlimited"));

        Assert.True(status == 201, body.ToString());
        Assert.True(body.GetProperty("testMode").GetBoolean());
        var request = Assert.Single(app.Sandbox.Requests.For("parts-unlimited"));
        Assert.Equal("test", request.Environment);
        Assert.Equal("/pu-stage/api/orders/dropship", request.Path);
        Assert.Equal(DistributorKit.PuKey, request.Headers["api-key"]);
        var order = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(DistributorKit.PuDealer, order.GetProperty("dealer_number").GetString());
        Assert.Equal("DS", order.GetProperty("order_type").GetString());
        Assert.Equal("DS1001-1", order.GetProperty("purchase_order_number").GetString());
        Assert.Equal("0101-3337", order.GetProperty("line_items")[0].GetProperty("part_number").GetString());
        Assert.Equal("Springfield", order.GetProperty("ship_to_address").GetProperty("city").GetString());
    }

    [Theory]
    [InlineData(OrderBehavior.RejectInvalidPart, "INVALID_PART", 0)] // refused when added to the cart: the order is never submitted
    [InlineData(OrderBehavior.PaymentProblem, "PAYMENT_PROBLEM", 1)]
    [InlineData(OrderBehavior.Unauthorized, "INVALID_CREDENTIALS", 1)]
    public async Task Wps_rejection_is_502_with_its_message_leaves_no_po_or_claim_and_is_audited(OrderBehavior behavior, string code, int orderSubmits)
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Order = behavior });
        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"));

        Assert.Equal(502, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("distributorMessage").GetString()));
        Assert.Null(await Store(app).FindAsync(app.StoreId, "DS1001-1", default));
        Assert.Null(await Store(app).FindClaimAsync(app.StoreId, "1001", "A1", default));
        var attempt = Assert.Single(await Store(app).AttemptsAsync(app.StoreId, "DS1001-1", default));
        Assert.Equal(code, attempt.Code);
        Assert.Equal(orderSubmits, app.Sandbox.Requests.For("wps").Count(r => r.Method == "POST" && r.Path == "/wps/orders"));
        app.Durable.VerifyNoOtherCalls();

        // The item is eligible again, and the same PO number can be used (refused credentials once replaced).
        app.Sandbox.Scripts.Reset();
        if (behavior == OrderBehavior.Unauthorized)
        {
            Assert.Equal(422, (await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"))).Status); // CREDENTIALS_REJECTED
            await app.ConnectAsync("wps", credentials: new() { ["apiToken"] = "wps-token-replaced-789" });
        }
        Assert.Equal(201, (await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"))).Status);
    }

    [Theory]
    [InlineData(OrderBehavior.RejectInvalidPart, "REJECTED_OTHER")] // body status 400: no public meaning, a plain rejection in PU's words
    [InlineData(OrderBehavior.PaymentProblem, "PAYMENT_PROBLEM")]   // 402: assumed
    [InlineData(OrderBehavior.DuplicatePo, "DUPLICATE_PO_NUMBER")]  // 409: assumed
    public async Task Parts_unlimited_failure_reported_with_http_200_is_a_rejection(OrderBehavior behavior, string code)
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("parts-unlimited");
        app.Sandbox.Scripts.Set("0101-3337", new PartScript { Order = behavior });
        var item = Orders.Item(parts: new DistributorPartInput("parts-unlimited", "0101-3337"));
        var (status, body) = await SubmitAsync(app, Orders.Submit(item, "DS1001-1", "parts-unlimited"));

        Assert.Equal(502, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Null(await Store(app).FindAsync(app.StoreId, "DS1001-1", default));
        Assert.Single(await Store(app).AttemptsAsync(app.StoreId, "DS1001-1", default));
    }

    [Theory]
    [InlineData("wps", "87-9938", OrderBehavior.Slow)]
    [InlineData("wps", "87-9938", OrderBehavior.ServerError)]
    [InlineData("parts-unlimited", "0101-3337", OrderBehavior.Slow)]
    [InlineData("parts-unlimited", "0101-3337", OrderBehavior.ServerError)]
    public async Task No_clear_answer_is_202_unconfirmed_with_exactly_one_order_call(string distributor, string part, OrderBehavior behavior)
    {
        await using var app = await TestApp.StartAsync(
            settings: s =>
            {
                s["Distributors:wps:OrderTimeout"] = "00:00:02";
                s["Distributors:parts-unlimited:OrderTimeout"] = "00:00:02";
            });
        if (distributor == "wps") await app.ConnectAsync("wps"); else await app.ConnectAsync("parts-unlimited");
        // "Slow" answers well after the client's time limit; the client gives up, the sandbox still records the call.
        app.Sandbox.Scripts.Set(part, new PartScript { Order = behavior, Delay = TimeSpan.FromSeconds(10) });
        var item = Orders.Item(parts: new DistributorPartInput(distributor, part));
        var (status, body) = await SubmitAsync(app, Orders.Submit(item, "DS1001-1", distributor));

        Assert.Equal(202, status);
        Assert.Equal("Unconfirmed", body.GetProperty("status").GetString());
        var orderPath = distributor == "wps" ? "/wps/orders" : "/pu/api/orders/dropship";
        Assert.Single(app.Sandbox.Requests.For(distributor), r => r.Method == "POST" && r.Path == orderPath);
        Assert.Equal(PurchaseOrderStatus.Unconfirmed, (await Store(app).FindAsync(app.StoreId, "DS1001-1", default))!.Po.Status);
        Assert.Equal("DS1001-1", await Store(app).FindClaimAsync(app.StoreId, "1001", "A1", default));
        app.Durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.Is<object?>(o => ((TrackingState)o!).NextCheckAt < ((TrackingState)o!).SubmittedAt.AddHours(1)),
            It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Fifty_concurrent_submits_of_one_item_place_exactly_one_order()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var results = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => SubmitAsync(app, Orders.Submit(Orders.Item(), $"DS1001-{i}"))));

        Assert.Single(results, r => r.Status == 201);
        Assert.Equal(49, results.Count(r => r.Status == 409));
        var winner = results.Single(r => r.Status == 201).Body.GetProperty("poNumber").GetString();
        Assert.All(results.Where(r => r.Status == 409), r => Assert.Equal(winner, r.Body.GetProperty("existingPoNumber").GetString()));
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Path == "/wps/orders");
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Path == "/wps/carts");
    }

    [Fact]
    public async Task Two_items_submitted_at_once_with_the_same_po_number_one_wins()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var results = await Task.WhenAll(
            SubmitAsync(app, Orders.Submit(Orders.Item(itemId: "A1"), "DS-SHARED")),
            SubmitAsync(app, Orders.Submit(Orders.Item(itemId: "A2"), "DS-SHARED")));

        Assert.Single(results, r => r.Status == 201);
        var loser = Assert.Single(results, r => r.Status == 409);
        Assert.Equal("PO_NUMBER_TAKEN", loser.Body.GetProperty("code").GetString());
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Path == "/wps/orders");
    }

    [Fact]
    public async Task An_item_that_already_has_a_po_is_409_naming_it_and_nothing_is_sent()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        Assert.Equal(201, (await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"))).Status);
        app.Sandbox.Requests.Clear();

        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-2"));
        Assert.Equal(409, status);
        Assert.Equal("ITEM_HAS_PO", body.GetProperty("code").GetString());
        Assert.Equal("DS1001-1", body.GetProperty("existingPoNumber").GetString());
        Assert.Empty(app.Sandbox.Requests.All);
    }

    public static TheoryData<string, string> WpsLimits => new()
    {
        { "name", "shipTo.name" }, { "address1", "shipTo.address1" }, { "address2", "shipTo.address2" }, { "city", "shipTo.city" },
        { "state", "shipTo.state" }, { "postalCode", "shipTo.postalCode" }, { "phone", "shipTo.phone" },
    };

    [Theory]
    [MemberData(nameof(WpsLimits))]
    public async Task Each_wps_field_limit_is_a_400_naming_the_field_and_nothing_is_sent_or_stored(string field, string path)
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var shipTo = Orders.ShipTo();
        shipTo = field switch
        {
            "name" => shipTo with { Name = new string('n', 31) },
            "address1" => shipTo with { Address1 = new string('a', 31) },
            "address2" => shipTo with { Address2 = new string('a', 31) },
            "city" => shipTo with { City = "Rancho Cucamonga West" }, // 21 > 17
            "state" => shipTo with { State = "ILL" },
            "postalCode" => shipTo with { PostalCode = new string('9', 16) },
            "phone" => shipTo with { Phone = new string('5', 16) },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1", shipTo: shipTo));

        Assert.Equal(400, status);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == path && e.GetProperty("code").GetString() == "TOO_LONG");
        Assert.Empty(app.Sandbox.Requests.All);
        Assert.Null(await Store(app).FindClaimAsync(app.StoreId, "1001", "A1", default));
    }

    [Fact]
    public async Task Wps_city_of_exactly_17_characters_is_accepted()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var (status, _) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1", shipTo: Orders.ShipTo(city: "Rancho Cucamonga ".Trim() + "X")));
        Assert.Equal(201, status);
    }

    [Fact]
    public async Task A_ship_method_longer_than_wps_takes_is_a_400_naming_it_not_a_502_from_wps()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1") with { ShipMethod = "BEST-GROUND-X" });

        Assert.Equal(400, status);
        Assert.Equal(("shipMethod", "TOO_LONG"), (body.GetProperty("errors")[0].GetProperty("field").GetString(), body.GetProperty("errors")[0].GetProperty("code").GetString()));
        Assert.Empty(app.Sandbox.Requests.All);
        Assert.Null(await Store(app).FindClaimAsync(app.StoreId, "1001", "A1", default));
    }

    [Fact]
    public async Task A_stored_default_ship_method_the_distributor_cannot_take_is_a_400_before_anything_is_reserved_or_sent()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        // A default saved before the limit was checked (or under an older, looser limit): written straight to the row.
        var tables = await Azurite.TablesAsync();
        var row = (await tables.GetTableClient(Core.Connections.DistributorConnections.TableName).GetEntityAsync<TableEntity>(app.StoreId, "wps")).Value;
        row["ShipMethod"] = "FEDEX-GROUND-HOME";
        await tables.GetTableClient(Core.Connections.DistributorConnections.TableName).UpdateEntityAsync(row, row.ETag);

        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"));

        Assert.Equal(400, status);
        Assert.Equal("defaults.shipMethod", body.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Empty(app.Sandbox.Requests.All);
        Assert.Null(await Store(app).FindAsync(app.StoreId, "DS1001-1", default));
        // Naming a ship method in the submit is the way through.
        Assert.Equal(201, (await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1") with { ShipMethod = "BEST" })).Status);
    }

    [Theory]
    [InlineData("12,3456", "ILLEGAL_CHARACTERS")] // Tucker's order line is "item,qty": a comma would add a field
    [InlineData("12&line=99", "ILLEGAL_CHARACTERS")]
    [InlineData("123456789012345678901", "TOO_LONG")]
    [InlineData("12.3456", "ILLEGAL_CHARACTERS")] // TRWS item numbers are letters and digits (dashes dropped)
    public async Task A_tucker_part_number_with_its_protocols_separators_or_too_long_is_a_400_before_anything_is_sent(string partNumber, string code)
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("tucker-rocky");
        var item = Orders.Item(parts: new DistributorPartInput("tucker-rocky", partNumber));

        var (status, body) = await SubmitAsync(app, Orders.Submit(item, "DS1001-1", "tucker-rocky"));

        Assert.Equal(400, status);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "item.distributorParts[0].partNumber" && e.GetProperty("code").GetString() == code);
        Assert.Empty(app.Sandbox.Requests.All);
    }

    [Fact]
    public async Task Tucker_ship_to_fields_refuse_its_query_string_separators_and_non_ascii()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("tucker-rocky");
        var item = Orders.Item(parts: new DistributorPartInput("tucker-rocky", "12-3456"));
        foreach (var shipTo in new[] { Orders.ShipTo() with { Name = "Smith & Sons" }, Orders.ShipTo() with { Address1 = "12 Rue Émile" } })
        {
            var (status, body) = await SubmitAsync(app, Orders.Submit(item, "DS1001-1", "tucker-rocky", shipTo: shipTo));
            Assert.Equal(400, status);
            Assert.Equal("ILLEGAL_CHARACTERS", body.GetProperty("errors")[0].GetProperty("code").GetString());
        }
        Assert.Empty(app.Sandbox.Requests.All);
        // The same names are fine for WPS, whose JSON carries any text.
        await app.ConnectAsync("wps");
        Assert.Equal(201, (await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-2", shipTo: Orders.ShipTo() with { Name = "Smith & Sons" }))).Status);
    }

    [Fact]
    public async Task Parts_unlimited_po_number_over_20_characters_is_400()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("parts-unlimited");
        var item = Orders.Item(parts: new DistributorPartInput("parts-unlimited", "0101-3337"));
        var (status, body) = await SubmitAsync(app, Orders.Submit(item, new string('P', 21), "parts-unlimited"));
        Assert.Equal(400, status);
        Assert.Equal("poNumber", body.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Empty(app.Sandbox.Requests.All);
    }

    [Fact]
    public async Task Missing_confirmation_is_400_and_nothing_happens()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        foreach (var confirm in new bool?[] { null, false })
        {
            var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1", confirm: confirm));
            Assert.Equal(400, status);
            Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "CONFIRMATION_REQUIRED");
        }
        Assert.Empty(app.Sandbox.Requests.All);
    }

    [Fact]
    public async Task Not_eligible_is_422_with_every_reason()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var item = Orders.Item() with { Catalog = "OEM", OrderStatus = "Shipped", LeadTimeDays = 5 };
        var (status, body) = await SubmitAsync(app, Orders.Submit(item, "DS1001-1"));

        Assert.Equal(422, status);
        var codes = body.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.Equal([ReasonCodes.CatalogNotAftermarket, ReasonCodes.OrderNotNew, ReasonCodes.LeadTimeTooLong], codes);
        Assert.Empty(app.Sandbox.Requests.All);
    }

    [Fact]
    public async Task Unconfigured_distributor_is_422_not_configured()
    {
        await using var app = await TestApp.StartAsync();
        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"));
        Assert.Equal(422, status);
        Assert.Contains(body.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == ReasonCodes.DistributorNotConfigured);
    }

    [Theory]
    [InlineData("{not json", "MALFORMED_JSON")]
    [InlineData("", "MALFORMED_JSON")]
    [InlineData("null", "MALFORMED_JSON")]
    [InlineData("[1,2]", "MALFORMED_JSON")]
    [InlineData("{\"item\": {\"quantity\": \"many\"}}", "MALFORMED_JSON")]
    [InlineData("{\"item\": {}, \"distributor\": \"turn14\"}", "INVALID_REQUEST")]
    [InlineData("{\"item\": {\"orderId\": \"a\\u0000b\"}}", "INVALID_REQUEST")]
    public async Task Bad_input_is_400_problem_json_and_nothing_is_written(string raw, string code)
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var function = app.Get<SubmitPurchaseOrderFunction>();
        var (status, body, _, contentType) = Http.Read(await function.SubmitPurchaseOrder(Http.Request("POST", rawBody: raw), app.StoreId, app.Durable.Object));

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Empty(app.Sandbox.Requests.All);
        var table = (await Azurite.TablesAsync()).GetTableClient(PurchaseOrderStore.TableName);
        await table.CreateIfNotExistsAsync();
        Assert.Empty(await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {app.StoreId}")).ToListAsync());
    }

    [Fact]
    public async Task Oversize_body_is_413_and_illegal_store_id_is_400()
    {
        await using var app = await TestApp.StartAsync();
        var function = app.Get<SubmitPurchaseOrderFunction>();
        var huge = "{\"distributor\":\"" + new string('x', 70_000) + "\"}";
        Assert.Equal(413, Http.Read(await function.SubmitPurchaseOrder(Http.Request("POST", rawBody: huge), app.StoreId, app.Durable.Object)).Status);
        foreach (var store in new[] { "a/b", "a'b", "x#1", "", new string('s', 65), "store?x" })
            Assert.Equal(400, Http.Read(await function.SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(Orders.Item(), "P1")), store, app.Durable.Object)).Status);
    }
}
