using System.Text.Json;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Submission;
using DropShip.Functions.Submission;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Eligibility;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Submission;

/// <summary>
/// The stock guard of submit, against Azurite and the sandbox over real HTTP: an order the distributor says it cannot fill is
/// refused before anything is reserved or sent, unless a backorder is accepted (and then the distributor is told); a stock
/// check that proves nothing never blocks an order, and the PO says so.
/// </summary>
public sealed class StockGuardTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    private static async Task<(int Status, JsonElement Body)> SubmitAsync(TestApp app, SubmitRequest body)
    {
        var (status, json, _, _) = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Http.Request("POST", body), app.StoreId, app.Durable.Object));
        return (status, json);
    }

    private static OrderItemFacts TwoOptions(int quantity) =>
        Orders.Item(parts: [new DistributorPartInput("wps", "87-9938"), new DistributorPartInput("parts-unlimited", "0101-3337")]) with { Quantity = quantity };

    private static bool CartSent(TestApp app) => app.Sandbox.Requests.For("wps").Any(r => r.Method == "POST");

    [Fact]
    public async Task Too_little_stock_is_409_out_of_stock_with_the_figures_and_the_alternatives_and_leaves_nothing_behind()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await LiveStockTests.StartAsync(clock);
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 1 });

        var (status, body) = await SubmitAsync(app, Orders.Submit(TwoOptions(3), "DS1001-1"));

        Assert.Equal(409, status);
        Assert.Equal("OUT_OF_STOCK", body.GetProperty("code").GetString());
        Assert.Contains("shows 1 of part 87-9938", body.GetProperty("detail").GetString());
        Assert.Equal(3, body.GetProperty("requestedQuantity").GetInt32());
        var stock = body.GetProperty("stock");
        Assert.Equal(1, stock.GetProperty("quantity").GetInt32());
        Assert.False(stock.GetProperty("canFill").GetBoolean());
        Assert.Equal(Start, stock.GetProperty("asOf").GetDateTimeOffset());
        var alternative = Assert.Single(body.GetProperty("alternatives").EnumerateArray());
        Assert.Equal("parts-unlimited", alternative.GetProperty("distributor").GetString());
        Assert.True(alternative.GetProperty("live").GetProperty("canFill").GetBoolean());

        // Nothing reserved, claimed, audited or sent to WPS.
        var store = app.Get<PurchaseOrderStore>();
        Assert.Null(await store.FindAsync(app.StoreId, "DS1001-1", default));
        Assert.Null(await store.FindClaimAsync(app.StoreId, "1001", "A1", default));
        Assert.Empty(await store.AttemptsAsync(app.StoreId, "DS1001-1", default));
        Assert.False(CartSent(app));
        app.Durable.VerifyNoOtherCalls();

        // The alternative goes through at once.
        var (placed, po) = await SubmitAsync(app, Orders.Submit(TwoOptions(3), "DS1001-1", "parts-unlimited"));
        Assert.True(placed == 201, po.ToString());
        Assert.Equal("Confirmed", po.GetProperty("stockAtSubmit").GetProperty("outcome").GetString());
        Assert.False(po.GetProperty("allowBackorder").GetBoolean());
    }

    [Fact]
    public async Task An_accepted_backorder_is_ordered_with_the_distributor_s_backorder_flag_and_recorded()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await LiveStockTests.StartAsync(clock);
        await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 0 });

        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item() with { Quantity = 2 }, "DS1001-1") with { AllowBackorder = true });

        Assert.True(status == 201, body.ToString());
        Assert.True(body.GetProperty("allowBackorder").GetBoolean());
        var stock = body.GetProperty("stockAtSubmit");
        Assert.Equal("BackorderAccepted", stock.GetProperty("outcome").GetString());
        Assert.Equal(0, stock.GetProperty("quantity").GetInt32());
        Assert.Contains("accepted a backorder", stock.GetProperty("message").GetString());
        var cart = JsonDocument.Parse(app.Sandbox.Requests.For("wps").Single(r => r.Path == "/wps/carts").Body).RootElement;
        Assert.True(cart.GetProperty("allow_backorder").GetBoolean());

        var stored = (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, "DS1001-1", default))!.Po;
        Assert.True(stored.AllowBackorder);
        Assert.Equal(StockConfirmation.BackorderAccepted, stored.StockAtSubmit!.Outcome);
        Assert.Equal(Start, stored.StockAtSubmit.AsOf);
    }

    [Fact]
    public async Task Enough_stock_is_confirmed_asked_once_and_the_order_refuses_a_backorder()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await LiveStockTests.StartAsync(clock);
        await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 5 });

        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item() with { Quantity = 2 }, "DS1001-1"));

        Assert.True(status == 201, body.ToString());
        Assert.Equal("Confirmed", body.GetProperty("stockAtSubmit").GetProperty("outcome").GetString());
        Assert.Equal(5, body.GetProperty("stockAtSubmit").GetProperty("quantity").GetInt32());
        // Eligibility's re-check asked; the guard used that answer instead of asking again.
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Path == "/wps/items");
        var cart = JsonDocument.Parse(app.Sandbox.Requests.For("wps").Single(r => r.Path == "/wps/carts").Body).RootElement;
        Assert.False(cart.GetProperty("allow_backorder").GetBoolean());
    }

    [Theory]
    [InlineData(StockBehavior.ServerError, "answered HTTP 500")]
    [InlineData(StockBehavior.RateLimited, "asked to slow down")]
    [InlineData(StockBehavior.NotListed, "does not list this part")]
    public async Task A_stock_check_that_proves_nothing_never_blocks_the_order_and_the_po_says_so(StockBehavior behavior, string said)
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await LiveStockTests.StartAsync(clock);
        await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { StockAnswer = behavior });

        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"));

        Assert.True(status == 201, body.ToString());
        Assert.Equal("Open", body.GetProperty("status").GetString());
        var stock = body.GetProperty("stockAtSubmit");
        Assert.Equal("Unconfirmed", stock.GetProperty("outcome").GetString());
        Assert.Contains("could not be confirmed", stock.GetProperty("message").GetString());
        Assert.Contains(said, stock.GetProperty("message").GetString());
        Assert.True(CartSent(app));
        Assert.Equal(StockConfirmation.Unconfirmed, (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, "DS1001-1", default))!.Po.StockAtSubmit!.Outcome);
    }

    [Fact]
    public async Task A_capped_figure_below_the_quantity_proves_nothing_and_the_order_goes_ahead()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await LiveStockTests.StartAsync(clock);
        await app.ConnectAsync("tucker-rocky");
        app.Sandbox.Scripts.Set("12-3456", new PartScript { Stock = 40 });
        var item = Orders.Item(parts: new DistributorPartInput("tucker-rocky", "12-3456")) with { Quantity = 12 };

        var (status, body) = await SubmitAsync(app, Orders.Submit(item, "DS1001-1", "tucker-rocky"));

        Assert.True(status == 201, body.ToString());
        var stock = body.GetProperty("stockAtSubmit");
        Assert.Equal("Unconfirmed", stock.GetProperty("outcome").GetString());
        Assert.Equal(9, stock.GetProperty("quantity").GetInt32());
        Assert.True(stock.GetProperty("quantityIsFloor").GetBoolean());
        Assert.Contains("at least 9", stock.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Without_figures_from_eligibility_the_guard_asks_the_distributor_itself()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await LiveStockTests.StartAsync(clock);
        var (_, account) = await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 1 });
        var chosen = new EligibilityOption("wps", "Western Power Sports", "87-9938", true, [], null, true, null);

        var decision = await app.Get<StockGuard>().CheckAsync(account, chosen, [chosen], 2, allowBackorder: false, default);

        var shortage = Assert.IsType<StockDecision.OutOfStock>(decision);
        Assert.Equal(1, shortage.Stock.Quantity);
        Assert.Empty(shortage.Alternatives);
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Path == "/wps/items");
    }

    [Fact]
    public async Task With_live_stock_off_nothing_is_asked_and_the_po_says_not_checked()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");

        var (status, body) = await SubmitAsync(app, Orders.Submit(Orders.Item(), "DS1001-1"));

        Assert.Equal(201, status);
        Assert.Equal("NotChecked", body.GetProperty("stockAtSubmit").GetProperty("outcome").GetString());
        Assert.DoesNotContain(app.Sandbox.Requests.For("wps"), r => r.Path == "/wps/items");
    }
}
