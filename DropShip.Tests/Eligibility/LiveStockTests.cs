using System.Text.Json;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Feeds;
using DropShip.Functions.Connections;
using DropShip.Functions.Eligibility;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Distributors;
using DropShip.Tests.Feeds;
using DropShip.Tests.Feeds.Servers;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Eligibility;

/// <summary>
/// Eligibility with the distributors' live stock, against the sandbox over real HTTP and Azurite. Time is virtual: the budget,
/// the cache window and Retry-After run on a FakeTimeProvider, so no test waits for real.
/// </summary>
public sealed class LiveStockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);
    private const string TuckerKey = "tucker-key-secret-789";

    /// <summary>The one warning every test app logs at start (its credentials are in local storage, not Key Vault).</summary>
    private const string LocalVaultNotice = "Dealer credentials are stored encrypted in local table storage";

    /// <param name="budgetOnClock">The shared budget's windows on <paramref name="clock"/> too (they run on real seconds otherwise).</param>
    internal static Task<TestApp> StartAsync(FakeTimeProvider clock, Action<Dictionary<string, string?>>? settings = null, bool budgetOnClock = false) =>
        TestApp.StartAsync(
            settings: s =>
            {
                s["LiveStock:Enabled"] = "true";
                settings?.Invoke(s);
            },
            services: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                if (budgetOnClock) TestApp.BudgetOn(clock)(s);
            });

    internal static async Task<JsonElement> EligibilityAsync(TestApp app, OrderItemFacts item, string? storeId = null)
    {
        var (status, body, _, _) = Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Http.Request("POST", item), storeId ?? app.StoreId));
        Assert.True(status == 200, body.ToString());
        return body;
    }

    internal static JsonElement Option(JsonElement body, string distributor, string partNumber) =>
        body.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("distributor").GetString() == distributor && o.GetProperty("partNumber").GetString() == partNumber);

    private static JsonElement Live(JsonElement body, string distributor, string partNumber) => Option(body, distributor, partNumber).GetProperty("live");

    /// <summary>WPS connected with one permit per window and no queue (the budget on <paramref name="clock"/>), the permit spent by a verify.</summary>
    private static async Task<TestApp> StartWithTheWindowSpentAsync(FakeTimeProvider clock, string permitsPerSecond)
    {
        var app = await StartAsync(clock, s =>
        {
            s["Distributors:wps:PermitsPerSecond"] = permitsPerSecond;
            s["Distributors:wps:RateLimitQueue"] = "0";
        }, budgetOnClock: true);
        await app.ConnectAsync("wps");
        var (status, _, _, _) = Http.Read(await app.Get<ConnectionFunctions>().VerifyConnection(Http.Request("POST"), app.StoreId, "wps"));
        Assert.Equal(200, status);
        return app;
    }

    private static int Asked(TestApp app, string path) => app.Sandbox.Requests.All.Count(r => r.Path.StartsWith(path, StringComparison.Ordinal));

    [Fact]
    public async Task Each_distributor_s_live_figures_show_with_their_time_caps_price_and_fee_and_the_ranking_prefers_what_can_ship_now()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock);
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");
        await app.ConnectAsync("tucker-rocky", credentials: new() { ["customerNumber"] = "C12345", ["apiKey"] = TuckerKey });
        await app.ConnectAsync("automatic");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 3, DealerPrice = 21.50m, DropShipFee = 5.00m });
        app.Sandbox.Scripts.Set("87-0001", new PartScript { Stock = 1, DealerPrice = 9.99m });
        app.Sandbox.Scripts.Set("0101-3337", new PartScript { Stock = 7, DealerPrice = 18.25m });
        app.Sandbox.Scripts.Set("0101-4444", new PartScript { StockAnswer = StockBehavior.NotListed });
        app.Sandbox.Scripts.Set("12-3456", new PartScript { Stock = 30 });
        var item = Orders.Item("2001", "B1",
            new DistributorPartInput("automatic", "AUTO-1"),
            new DistributorPartInput("wps", "87-0001"),
            new DistributorPartInput("tucker-rocky", "12-3456"),
            new DistributorPartInput("wps", "87-9938"),
            new DistributorPartInput("parts-unlimited", "0101-4444"),
            new DistributorPartInput("parts-unlimited", "0101-3337")) with
        { Quantity = 2 };

        var body = await EligibilityAsync(app, item);

        var wps = Live(body, "wps", "87-9938");
        Assert.Equal("Ok", wps.GetProperty("status").GetString());
        Assert.Equal(3, wps.GetProperty("quantity").GetInt32());
        Assert.False(wps.GetProperty("quantityIsFloor").GetBoolean());
        Assert.Equal(21.50m, wps.GetProperty("dealerCost").GetDecimal());
        Assert.Equal(5.00m, wps.GetProperty("dropShipFee").GetDecimal());
        Assert.True(wps.GetProperty("canFill").GetBoolean());
        Assert.Equal(Start, wps.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal("WPS items + inventory", wps.GetProperty("source").GetString());
        // One unit cannot fill two.
        Assert.False(Live(body, "wps", "87-0001").GetProperty("canFill").GetBoolean());

        var pu = Live(body, "parts-unlimited", "0101-3337");
        Assert.Equal(7, pu.GetProperty("quantity").GetInt32());
        Assert.Equal(18.25m, pu.GetProperty("dealerCost").GetDecimal());
        Assert.False(pu.TryGetProperty("dropShipFee", out _));
        Assert.Equal("UnknownPart", Live(body, "parts-unlimited", "0101-4444").GetProperty("status").GetString());

        // Tucker discloses at most 9: at least 9, enough for 2.
        var tucker = Live(body, "tucker-rocky", "12-3456");
        Assert.Equal(9, tucker.GetProperty("quantity").GetInt32());
        Assert.True(tucker.GetProperty("quantityIsFloor").GetBoolean());
        Assert.True(tucker.GetProperty("canFill").GetBoolean());

        var automatic = Live(body, "automatic", "AUTO-1");
        Assert.Equal("NotAvailable", automatic.GetProperty("status").GetString());
        Assert.Contains("feed figures stand", automatic.GetProperty("message").GetString());

        // Can ship now first, cheapest first among them; then no figures; then cannot ship or not listed.
        Assert.Equal(["0101-3337", "87-9938", "12-3456", "AUTO-1", "87-0001", "0101-4444"],
            body.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("partNumber").GetString()!).ToArray());
        Assert.Equal("0101-3337", body.GetProperty("recommended").GetProperty("partNumber").GetString());
        Assert.Equal("Lowest dealer cost.", body.GetProperty("recommended").GetProperty("recommendationReason").GetString());

        // The documented requests: WPS one SKU per call; PU one batch each to inventory and pricing; Tucker INV, items undashed.
        var wpsCalls = app.Sandbox.Requests.For("wps").Select(r => Uri.UnescapeDataString(r.Query)).Order().ToList();
        Assert.Equal(["filter[sku]=87-0001&include=inventory", "filter[sku]=87-9938&include=inventory"], wpsCalls);
        Assert.All(app.Sandbox.Requests.For("wps"), r => Assert.Equal("Bearer " + DistributorKit.WpsToken, r.Headers["Authorization"]));
        Assert.Equal(["/pu/api/v1/parts/inventory/0101-4444,0101-3337", "/pu/api/v1/parts/pricing/0101-4444,0101-3337"],
            app.Sandbox.Requests.For("parts-unlimited").Select(r => r.Path).Order().ToArray());
        var inv = Assert.Single(app.Sandbox.Requests.For("tucker-rocky"));
        Assert.Contains("type=INV", inv.Query);
        Assert.Contains("item=123456", inv.Query);
        Assert.Empty(app.Sandbox.Requests.For("automatic"));
        Assert.DoesNotContain(app.Logs.GetSnapshot(), l => l.Message.Contains(TuckerKey) || (l.Exception?.ToString().Contains(TuckerKey) ?? false));
        Assert.DoesNotContain(TuckerKey, body.ToString());
    }

    [Theory]
    [InlineData(StockBehavior.Answer)]
    [InlineData(StockBehavior.AnswerAsJsonApi)]
    public async Task Wps_figures_are_read_in_both_forms_public_clients_read(StockBehavior form)
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock);
        await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 25, DealerPrice = 12.40m, DropShipFee = 3.50m, StockAnswer = form });

        var live = Live(await EligibilityAsync(app, Orders.Item() with { Quantity = 20 }), "wps", "87-9938");

        // 13 in Boise and 12 in Fresno, each shown as 9: at least 18, which says nothing about 20.
        Assert.Equal("Ok", live.GetProperty("status").GetString());
        Assert.Equal(18, live.GetProperty("quantity").GetInt32());
        Assert.True(live.GetProperty("quantityIsFloor").GetBoolean());
        Assert.False(live.TryGetProperty("canFill", out _));
        Assert.Equal(12.40m, live.GetProperty("dealerCost").GetDecimal());
        Assert.Equal(3.50m, live.GetProperty("dropShipFee").GetDecimal());
    }

    [Fact]
    public async Task A_whole_order_asks_each_account_once_in_one_batch_and_each_item_is_judged_by_its_own_quantity()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock);
        await app.ConnectAsync("parts-unlimited");
        app.Sandbox.Scripts.Set("0101-4444", new PartScript { Stock = 3 });
        app.Sandbox.Scripts.Set("0101-3337", new PartScript { Stock = 8 });
        // Three items, two of them naming the same part: one question for the order, not one per item.
        var items = new[]
        {
            Orders.Item(itemId: "A1", parts: new DistributorPartInput("parts-unlimited", "0101-4444")) with { Quantity = 2 },
            Orders.Item(itemId: "A2", parts: new DistributorPartInput("parts-unlimited", "0101-4444")) with { Quantity = 5 },
            Orders.Item(itemId: "A3", parts: new DistributorPartInput("parts-unlimited", "0101-3337")),
        };
        var order = new OrderFacts { OrderId = "1001", OrderNumber = "#1001", OrderStatus = "New", Items = items };

        var (status, body, _, _) = Http.Read(await app.Get<EligibilityFunction>().CheckOrderEligibility(Http.Request("POST", order), app.StoreId));

        Assert.Equal(200, status);
        Assert.Equal(1, Asked(app, "/pu/api/v1/parts/inventory/"));
        Assert.Equal(1, Asked(app, "/pu/api/v1/parts/pricing/"));
        var results = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([true, false, true], results.Select(r => Live(r, "parts-unlimited", r.GetProperty("options")[0].GetProperty("partNumber").GetString()!).GetProperty("canFill").GetBoolean()));
    }

    [Fact]
    public async Task Fifty_concurrent_eligibility_requests_for_one_part_after_its_answer_expired_make_one_live_stock_call()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock);
        await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 4 });
        Assert.Equal(4, Live(await EligibilityAsync(app, Orders.Item()), "wps", "87-9938").GetProperty("quantity").GetInt32());
        Assert.Equal(1, Asked(app, "/wps/items"));

        clock.Advance(new Core.Caching.CacheOptions().LiveStock); // the answer has expired (and the store's connections with it)
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 3 });
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => EligibilityAsync(app, Orders.Item()))).WaitAsync(TimeSpan.FromSeconds(60));

        // One question for the fifty, at the sandbox: nothing left for the credential's budget to refuse.
        Assert.Equal(2, Asked(app, "/wps/items"));
        Assert.All(answers, body =>
        {
            var live = Live(body, "wps", "87-9938");
            Assert.Equal("Ok", live.GetProperty("status").GetString());
            Assert.Equal(3, live.GetProperty("quantity").GetInt32());
            Assert.Equal(clock.GetUtcNow(), live.GetProperty("asOf").GetDateTimeOffset());
        });
        Assert.DoesNotContain(app.Logs.GetSnapshot(), log => log.Level >= LogLevel.Warning && !log.Message.StartsWith(LocalVaultNotice, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_answer_is_not_kept_and_the_next_request_asks_again()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock);
        await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { StockAnswer = StockBehavior.ServerError });
        Assert.Equal("Failed", Live(await EligibilityAsync(app, Orders.Item()), "wps", "87-9938").GetProperty("status").GetString());
        var failedCalls = Asked(app, "/wps/items");

        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 6 });
        var live = Live(await EligibilityAsync(app, Orders.Item()), "wps", "87-9938"); // the same instant: only a kept answer would stop it

        Assert.Equal("Ok", live.GetProperty("status").GetString());
        Assert.Equal(6, live.GetProperty("quantity").GetInt32());
        Assert.Equal(failedCalls + 1, Asked(app, "/wps/items"));
    }

    [Fact]
    public async Task A_refusal_by_the_credential_s_own_budget_is_not_kept_nor_logged_as_an_error()
    {
        var clock = new FakeTimeProvider(Start);
        // One permit per credential per 20 s window (shorter than the 60 s an answer is kept), spent by a verify.
        await using var app = await StartWithTheWindowSpentAsync(clock, "0.05");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 2 });

        var refused = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => EligibilityAsync(app, Orders.Item())));
        Assert.All(refused, body => Assert.Equal("RateLimited", Live(body, "wps", "87-9938").GetProperty("status").GetString()));
        Assert.Equal(0, Asked(app, "/wps/items"));

        clock.Advance(TimeSpan.FromSeconds(20)); // the budget reopens; a kept refusal would still stand for 40 s
        var live = Live(await EligibilityAsync(app, Orders.Item()), "wps", "87-9938");
        Assert.Equal("Ok", live.GetProperty("status").GetString());
        Assert.Equal(1, Asked(app, "/wps/items"));

        // Expected pacing: the refusal is logged at Information (the limiter's event), nothing at Warning or above.
        var logs = app.Logs.GetSnapshot();
        Assert.Contains(logs, log => log.Level == LogLevel.Information && log.Message.Contains(DistributorResilience.RateLimiterRejectedEvent, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, log => log.Level >= LogLevel.Warning && !log.Message.StartsWith(LocalVaultNotice, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_answer_is_reused_within_the_window_for_the_same_store_account_only()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, s => s["Cache:LiveStock"] = "00:01:00");
        await app.ConnectAsync("wps");
        var otherStore = app.StoreId + "-b";
        // Same distributor, same token, another store: never served another store's answer.
        await app.ConnectAsync("wps", storeId: otherStore);
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 4 });

        var first = Live(await EligibilityAsync(app, Orders.Item()), "wps", "87-9938");
        Assert.Equal(1, Asked(app, "/wps/items"));

        clock.Advance(TimeSpan.FromSeconds(59));
        app.Sandbox.Scripts.Set("87-9938", new PartScript { Stock = 2 });
        var cached = Live(await EligibilityAsync(app, Orders.Item()), "wps", "87-9938");
        Assert.Equal(1, Asked(app, "/wps/items"));
        Assert.Equal(4, cached.GetProperty("quantity").GetInt32());
        Assert.Equal(first.GetProperty("asOf").GetDateTimeOffset(), cached.GetProperty("asOf").GetDateTimeOffset());

        var other = Live(await EligibilityAsync(app, Orders.Item(), otherStore), "wps", "87-9938");
        Assert.Equal(2, Asked(app, "/wps/items"));
        Assert.Equal(2, other.GetProperty("quantity").GetInt32());

        clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = Live(await EligibilityAsync(app, Orders.Item()), "wps", "87-9938");
        Assert.Equal(3, Asked(app, "/wps/items"));
        Assert.Equal(2, fresh.GetProperty("quantity").GetInt32());
        Assert.Equal(Start.AddSeconds(60), fresh.GetProperty("asOf").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_distributor_slower_than_the_budget_leaves_the_feed_figures_standing_and_marked()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put("Pricing/WPS_Daily_Combined.csv", FeedSamples.WpsHeader + "\n" + "87-9938,\"Brake pads\",40.00,20.00,,STK,4,3,0,0,0,0,0,7\n");
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, s =>
        {
            s["LiveStock:Budget"] = "00:00:02";
            s["Feeds:Container"] = Azurite.UniqueName("feeds");
            s["Feeds:StockIndexTable"] = Azurite.UniqueName("StockIndex");
            s["Feeds:RunsTable"] = Azurite.UniqueName("FeedRuns");
            foreach (var (key, value) in FeedsHarness.Ftp("wps", ftp.Port, "Pricing/WPS_Daily_Combined.csv")) s["Feeds:" + key] = value;
        });
        await app.ConnectAsync("wps");
        Assert.Equal(1, (await app.Get<FeedIngestionService>().IngestAsync("wps", default)).RowsChanged);
        // Answers only after 10 minutes of real time, or when the caller gives up.
        app.Sandbox.Scripts.Set("87-9938", new PartScript { StockAnswer = StockBehavior.Slow, StockDelay = TimeSpan.FromMinutes(10) });

        var eligibility = EligibilityAsync(app, Orders.Item());
        await app.Sandbox.Requests.WhenReceivedAsync(r => r.Path == "/wps/items").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(eligibility.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        var body = await eligibility.WaitAsync(TimeSpan.FromSeconds(60));

        var option = Option(body, "wps", "87-9938");
        Assert.Equal("TimedOut", option.GetProperty("live").GetProperty("status").GetString());
        Assert.Contains("did not answer within 2 s; the morning feed figures stand", option.GetProperty("live").GetProperty("message").GetString());
        Assert.False(option.GetProperty("live").TryGetProperty("quantity", out _));
        Assert.Equal(7, option.GetProperty("stock").GetProperty("quantity").GetInt32());
        Assert.True(body.GetProperty("eligible").GetBoolean());
        Assert.Equal("87-9938", body.GetProperty("recommended").GetProperty("partNumber").GetString());
        // The distributor call (shared by whoever asks meanwhile) is cancelled at the budget too, not left running.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var log in app.Logs.GetLogsAsync(stop.Token))
            if (log.Message.StartsWith("Live stock from wps did not answer within 2000 ms", StringComparison.Ordinal)) break;
    }

    [Fact]
    public async Task A_429_is_not_retried_and_the_account_is_not_asked_again_until_retry_after()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock);
        await app.ConnectAsync("parts-unlimited");
        // A Retry-After short enough that a lookup would wait for it and retry: live stock must not.
        app.Sandbox.Scripts.Set("0101-3337", new PartScript { StockAnswer = StockBehavior.RateLimited, RetryAfter = TimeSpan.FromSeconds(2) });
        var item = Orders.Item(parts: new DistributorPartInput("parts-unlimited", "0101-3337"));

        var limited = Live(await EligibilityAsync(app, item).WaitAsync(TimeSpan.FromSeconds(60)), "parts-unlimited", "0101-3337");
        Assert.Equal("RateLimited", limited.GetProperty("status").GetString());
        Assert.Equal(Start.AddSeconds(2), limited.GetProperty("retryAfter").GetDateTimeOffset());
        // One inventory and one pricing call, each answered 429 and neither retried.
        Assert.Equal(1, Asked(app, "/pu/api/v1/parts/inventory/"));
        Assert.Equal(1, Asked(app, "/pu/api/v1/parts/pricing/"));

        app.Sandbox.Scripts.Set("0101-3337", new PartScript { Stock = 5 });
        clock.Advance(TimeSpan.FromSeconds(1));
        var paused = Live(await EligibilityAsync(app, item), "parts-unlimited", "0101-3337");
        Assert.Equal("RateLimited", paused.GetProperty("status").GetString());
        Assert.Equal(1, Asked(app, "/pu/api/v1/parts/inventory/"));

        clock.Advance(TimeSpan.FromSeconds(1));
        var answered = Live(await EligibilityAsync(app, item), "parts-unlimited", "0101-3337");
        Assert.Equal("Ok", answered.GetProperty("status").GetString());
        Assert.Equal(5, answered.GetProperty("quantity").GetInt32());
        Assert.Equal(2, Asked(app, "/pu/api/v1/parts/inventory/"));
    }

    [Fact]
    public async Task A_429_without_retry_after_pauses_the_account_for_the_configured_time()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock, s => s["LiveStock:PauseAfterRateLimit"] = "00:00:45");
        await app.ConnectAsync("wps");
        app.Sandbox.Scripts.Set("87-9938", new PartScript { StockAnswer = StockBehavior.RateLimited });

        var limited = Live(await EligibilityAsync(app, Orders.Item()).WaitAsync(TimeSpan.FromSeconds(60)), "wps", "87-9938");

        Assert.Equal("RateLimited", limited.GetProperty("status").GetString());
        Assert.Equal(Start.AddSeconds(45), limited.GetProperty("retryAfter").GetDateTimeOffset());
        Assert.Equal(1, Asked(app, "/wps/items"));
    }

    [Fact]
    public async Task Live_stock_shares_the_credential_s_rate_limit_with_the_adapter_s_own_calls()
    {
        var clock = new FakeTimeProvider(Start);
        // One permit per credential per 1,000 s window, spent by a verify.
        await using var app = await StartWithTheWindowSpentAsync(clock, "0.001");
        var verifyCalls = app.Sandbox.Requests.For("wps").Count();
        Assert.Equal(1, verifyCalls);

        var live = Live(await EligibilityAsync(app, Orders.Item()), "wps", "87-9938");

        // The verify call took the token's only permit: the live call is refused locally and nothing reaches WPS.
        Assert.Equal("RateLimited", live.GetProperty("status").GetString());
        Assert.Contains("call budget", live.GetProperty("message").GetString());
        Assert.True(live.GetProperty("retryAfter").GetDateTimeOffset() > Start, "the live option says when the budget reopens");
        Assert.Equal(verifyCalls, app.Sandbox.Requests.For("wps").Count());
    }

    [Fact]
    public async Task Without_a_connection_or_for_an_ineligible_item_nothing_is_asked()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await StartAsync(clock);
        await app.ConnectAsync("wps");
        var item = Orders.Item(parts: [new DistributorPartInput("wps", "87-9938"), new DistributorPartInput("parts-unlimited", "0101-3337")]);

        var body = await EligibilityAsync(app, item);
        Assert.Equal("Ok", Live(body, "wps", "87-9938").GetProperty("status").GetString());
        Assert.False(Option(body, "parts-unlimited", "0101-3337").TryGetProperty("live", out _));

        var notNew = await EligibilityAsync(app, item with { ItemId = "B2", OrderStatus = "Shipped" });
        Assert.False(Option(notNew, "wps", "87-9938").TryGetProperty("live", out _));
        Assert.Equal(1, Asked(app, "/wps/items"));
        Assert.Empty(app.Sandbox.Requests.For("parts-unlimited"));
    }

    [Theory]
    [InlineData("LiveStock:Budget", "00:00:30")]
    [InlineData("LiveStock:Budget", "00:00:00")]
    [InlineData("LiveStock:PauseAfterRateLimit", "00:00:00")]
    public async Task Settings_out_of_range_are_refused(string setting, string value)
    {
        await using var app = await StartAsync(new FakeTimeProvider(Start), s => s[setting] = value);

        var refused = Assert.Throws<OptionsValidationException>(() => app.Get<IOptions<LiveStockOptions>>().Value);
        Assert.Contains(setting, refused.Message);
    }
}
