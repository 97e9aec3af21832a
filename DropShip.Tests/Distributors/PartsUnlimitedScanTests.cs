using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.PartsUnlimited;
using DropShip.Core.Tracking;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using static DropShip.Tests.Distributors.DistributorKit;
using Carriers = DropShip.Core.Tracking.Carriers;

namespace DropShip.Tests.Distributors;

/// <summary>
/// Parts Unlimited cannot be asked about one PO: its drop-ship listing goes by date and page and ignores a PO filter. The
/// lookup scans the days around the submission to the end; only that complete scan proves PU does not have the PO. Each
/// test has its own PU account (api-key), so its listing holds exactly the orders it placed.
/// </summary>
public sealed class PartsUnlimitedScanTests : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync(settings =>
    {
        // One request per page, no pacing: the scan itself is under test (retries and the limiter are ResilienceTests').
        settings["Distributors:parts-unlimited:PermitsPerSecond"] = "0";
        settings["Distributors:parts-unlimited:MaxRetryAttempts"] = "0";
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Pu_ignores_the_po_filter_and_the_po_on_page_three_is_found_by_reading_pages_one_to_three()
    {
        var (pu, account) = await OwnAccountAsync();
        app.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedPageSize = 2 };
        await PlaceAsync(pu, account, 4);
        var (po, part) = (NewPo(), NewPart("PU"));
        app.Sandbox.Scripts.Set(part, new PartScript { ShipAfterChecks = 1, Packages = 2, Carrier = "FedEx" });
        var placed = Assert.IsType<PlaceOrderResult.Accepted>(await pu.PlaceOrderAsync(account, Order(po, part, quantity: 2), CancellationToken.None));

        var found = Assert.IsType<OrderLookup.Found>(await pu.LookUpOrderAsync(account, Placed(po), CancellationToken.None));

        var pages = Listings().Select(r => QueryOf(r)).ToList();
        Assert.Equal(["1", "2", "3"], pages.Select(q => q["page_num"].ToString()));
        Assert.All(pages, q => Assert.Equal(po, q["purchase_order_number"])); // sent every time, ignored every time
        Assert.Equal(placed.OrderNumbers, found.OrderNumbers);
        Assert.True(found.Complete);
        Assert.Equal(2, found.Shipments.Count);
        Assert.All(found.Shipments, s => Assert.Equal((Carriers.FedEx, (int?)1), (s.Carrier, s.Quantity)));
    }

    [Fact]
    public async Task A_scan_read_to_its_empty_last_page_without_the_po_proves_pu_does_not_have_it()
    {
        var (pu, account) = await OwnAccountAsync();
        app.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedPageSize = 2 };
        await PlaceAsync(pu, account, 3);

        var notFound = Assert.IsType<OrderLookup.NotFound>(await pu.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None));

        Assert.True(notFound.ProvenAbsent);
        Assert.Equal(["1", "2", "3"], Listings().Select(r => QueryOf(r)["page_num"].ToString()));
    }

    [Fact]
    public async Task A_scan_stopped_by_the_page_bound_proves_nothing()
    {
        var (pu, account) = await OwnAccountAsync();
        app.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedPageSize = 1 };
        await PlaceAsync(pu, account, PartsUnlimitedDistributor.MaxLookupPages + 1);

        var notFound = Assert.IsType<OrderLookup.NotFound>(await pu.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None));

        Assert.False(notFound.ProvenAbsent);
        Assert.Equal(PartsUnlimitedDistributor.MaxLookupPages, Listings().Count);
    }

    [Fact]
    public async Task Pages_that_repeat_because_pu_ignores_page_num_prove_nothing()
    {
        var (pu, account) = await OwnAccountAsync();
        app.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedPageSize = 1, PartsUnlimitedLastDistinctPage = 2 };
        await PlaceAsync(pu, account, 4);

        var notFound = Assert.IsType<OrderLookup.NotFound>(await pu.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None));

        Assert.False(notFound.ProvenAbsent);
        Assert.Equal(3, Listings().Count);
    }

    [Fact]
    public async Task A_page_that_fails_midway_is_a_failed_lookup_and_a_throttled_page_a_rate_limited_one_never_not_found()
    {
        var (pu, account) = await OwnAccountAsync();
        app.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedPageSize = 1, PartsUnlimitedFailingPage = 2 };
        await PlaceAsync(pu, account, 3);

        var failed = Assert.IsType<OrderLookup.Failed>(await pu.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None));

        Assert.Contains("page 2", failed.Reason);
        var throttledPart = NewPart("RL");
        app.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedPageSize = 1 };
        app.Sandbox.Scripts.Set(throttledPart, new PartScript { RateLimitedChecks = 5, RetryAfter = TimeSpan.FromMinutes(2) });
        await pu.PlaceOrderAsync(account, Order(NewPo(), throttledPart), CancellationToken.None); // the fourth order: page 4
        var limited = Assert.IsType<OrderLookup.RateLimited>(await pu.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None));
        Assert.Equal(TimeSpan.FromMinutes(2), limited.RetryAfter);
    }

    [Fact]
    public async Task One_shipped_entry_listing_several_tracking_numbers_leaves_each_package_quantity_unknown()
    {
        var (pu, account) = await OwnAccountAsync();
        app.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedTrackingGrouped = true };
        var (po, part) = (NewPo(), NewPart("PU"));
        app.Sandbox.Scripts.Set(part, new PartScript { PartialAfterChecks = 1, ShipAfterChecks = 2, Packages = 2 });
        await pu.PlaceOrderAsync(account, Order(po, part, quantity: 3), CancellationToken.None);

        var partial = Assert.IsType<OrderLookup.Found>(await pu.LookUpOrderAsync(account, Placed(po), CancellationToken.None));
        var shipped = Assert.IsType<OrderLookup.Found>(await pu.LookUpOrderAsync(account, Placed(po), CancellationToken.None));

        // One entry, one number: its quantity is that package's. One entry, two numbers: which units went where is unsaid.
        Assert.Equal(((int?)2, false), (Assert.Single(partial.Shipments).Quantity, partial.Complete));
        Assert.Equal(2, shipped.Shipments.Count);
        Assert.All(shipped.Shipments, s => Assert.Null(s.Quantity));
        Assert.True(shipped.Complete); // the line's shipped quantity covers what was ordered
    }

    /// <summary>A store of its own with a PU key of its own: the sandbox lists each key's orders only.</summary>
    private Task<ConnectedDistributor> OwnAccountAsync() =>
        app.ConnectAsync(PartsUnlimited, storeId: "store-" + Guid.NewGuid().ToString("N")[..12], credentials: new() { ["apiKey"] = "pu-scan-" + Guid.NewGuid().ToString("N") });

    private static async Task PlaceAsync(IDistributor pu, DistributorAccount account, int count)
    {
        for (var i = 0; i < count; i++)
            Assert.IsType<PlaceOrderResult.Accepted>(await pu.PlaceOrderAsync(account, Order(NewPo(), NewPart("PU")), CancellationToken.None));
    }

    /// <summary>The listing requests the scans sent, oldest first (the app is this test's own).</summary>
    private List<DropShip.Sandbox.Recording.RecordedRequest> Listings() =>
        app.Sandbox.Requests.For(PartsUnlimited).Where(r => r.Method == "GET" && r.Path.EndsWith("/orders/dropship", StringComparison.Ordinal)).ToList();
}
