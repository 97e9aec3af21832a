using DropShip.Core.Distributors;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Distributors;

/// <summary>
/// Where public sources show a distributor answering in more than one form, the adapter reads each: the sandbox is switched
/// to every documented variant (ApiVariants) and the adapter must place and track the same way. Each test has its own
/// sandbox, since the variants apply to all of it.
/// </summary>
public sealed class EvidenceVariantTests : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData(true, true)]   // the defaults: both in {"data":...} (response types page; a public client reads data.order_number)
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public async Task Wps_is_read_with_or_without_the_data_wrapper(bool submitInData, bool lookupInData)
    {
        app.Sandbox.Scripts.Variants = new ApiVariants { WpsSubmitInData = submitInData, WpsLookupInData = lookupInData };
        var (wps, account) = await app.ConnectAsync(Wps);
        var (po, part) = (NewPo(), NewPart());
        app.Sandbox.Scripts.Set(part, new PartScript { ShipAfterChecks = 1 });

        var accepted = Assert.IsType<PlaceOrderResult.Accepted>(await wps.PlaceOrderAsync(account, Order(po, part, quantity: 2), CancellationToken.None));
        var found = Assert.IsType<OrderLookup.Found>(await wps.LookUpOrderAsync(account, Placed(po), CancellationToken.None));

        Assert.Matches("^W[0-9]{7}$", Assert.Single(accepted.OrderNumbers));
        Assert.Equal(accepted.OrderNumbers, found.OrderNumbers);
        Assert.Equal((int?)2, Assert.Single(found.Shipments).Quantity);
        Assert.True(found.Complete);
    }

    [Theory]
    [InlineData(true)]  // the default: orderoutput, as the one public client that reads it returns it
    [InlineData(false)] // what another public client reads: SUCCESSFUL alone
    public async Task Tucker_successful_is_accepted_with_or_without_an_order_number(bool withOrderNumber)
    {
        app.Sandbox.Scripts.Variants = new ApiVariants { TuckerOrderOutput = withOrderNumber };
        var (tucker, account) = await app.ConnectAsync(Tucker);

        var accepted = Assert.IsType<PlaceOrderResult.Accepted>(await tucker.PlaceOrderAsync(account, Order(NewPo(), NewPart()), CancellationToken.None));

        Assert.Equal(withOrderNumber ? 1 : 0, accepted.OrderNumbers.Count);
    }

    [Fact]
    public async Task Parts_unlimited_honouring_the_po_filter_is_found_on_the_first_page()
    {
        app.Sandbox.Scripts.Variants = new ApiVariants { PartsUnlimitedFiltersByPo = true, PartsUnlimitedPageSize = 1 };
        var (pu, account) = await app.ConnectAsync(PartsUnlimited);
        await pu.PlaceOrderAsync(account, Order(NewPo(), NewPart()), CancellationToken.None);
        var po = NewPo();
        await pu.PlaceOrderAsync(account, Order(po, NewPart()), CancellationToken.None);

        Assert.IsType<OrderLookup.Found>(await pu.LookUpOrderAsync(account, Placed(po), CancellationToken.None));

        Assert.Single(app.For(PartsUnlimited, po), r => r.Method == "GET");
    }
}
