using DropShip.Core.Eligibility;
using DropShip.Core.Feeds;
using DropShip.Functions.Eligibility;
using DropShip.Tests.Feeds.Servers;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Feeds;

/// <summary>Issue 5's "done when": the morning file, ingested for real, is what eligibility shows, with its age.</summary>
public class EligibilityFromFeedsTests
{
    [Fact]
    public async Task Eligibility_shows_stock_and_cost_from_the_morning_feed_with_its_age_and_ranks_by_them()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put("Pricing/WPS_Daily_Combined.csv", FeedSamples.WpsHeader + "\n" +
            "87-9938,\"Brake pads\",40.00,20.00,,STK,4,3,0,0,0,0,0,7\n" +
            "87-0000,\"Out of stock\",40.00,15.00,,STK,0,0,0,0,0,0,0,0\n");
        var clock = new FakeTimeProvider(FeedsHarness.Morning);
        await using var app = await TestApp.StartAsync(
            settings: s =>
            {
                s["Feeds:Container"] = Azurite.UniqueName("feeds");
                s["Feeds:StockIndexTable"] = Azurite.UniqueName("StockIndex");
                s["Feeds:RunsTable"] = Azurite.UniqueName("FeedRuns");
                foreach (var (key, value) in FeedsHarness.Ftp("wps", ftp.Port, "Pricing/WPS_Daily_Combined.csv")) s["Feeds:" + key] = value;
            },
            services: s => s.AddSingleton<TimeProvider>(clock));
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");

        var run = await app.Get<FeedIngestionService>().IngestAsync("wps", default);
        Assert.Equal(2, run.RowsChanged);
        clock.Advance(TimeSpan.FromHours(3));

        // PU is listed first, but WPS has stock per this morning's file: it is recommended.
        var item = Orders.Item("7007", "G1", new DistributorPartInput("parts-unlimited", "0101-3337"), new DistributorPartInput("wps", "87-9938"));
        var (_, body, _, _) = Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Http.Request("POST", item), app.StoreId));
        var wps = body.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("distributor").GetString() == "wps");
        var stock = wps.GetProperty("stock");
        Assert.Equal(7, stock.GetProperty("quantity").GetInt32());
        Assert.Equal(20.00m, stock.GetProperty("dealerCost").GetDecimal());
        Assert.Equal(FeedsHarness.Morning, stock.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(3.0, stock.GetProperty("ageHours").GetDouble());
        Assert.Equal("wps", body.GetProperty("recommended").GetProperty("distributor").GetString());
        Assert.False(body.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("distributor").GetString() == "parts-unlimited").TryGetProperty("stock", out _));

        // Out of stock per the feed ranks after an option without feed data.
        var other = Orders.Item("7008", "G2", new DistributorPartInput("wps", "87-0000"), new DistributorPartInput("parts-unlimited", "0101-3337"));
        var (_, second, _, _) = Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Http.Request("POST", other), app.StoreId));
        Assert.Equal("parts-unlimited", second.GetProperty("recommended").GetProperty("distributor").GetString());
    }
}
