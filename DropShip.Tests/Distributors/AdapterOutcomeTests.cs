using System.Net.Http.Json;
using DropShip.Core.Distributors;
using DropShip.Core.Tracking;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using static DropShip.Tests.Distributors.DistributorKit;
using Carriers = DropShip.Core.Tracking.Carriers;

namespace DropShip.Tests.Distributors;

/// <summary>
/// How each adapter reads its distributor's answers: every error kind to its RejectionCode (or Ambiguous when the order may
/// exist), several packages to several shipments, unknown POs to NotFound (and whether that proves anything), credentials
/// to VerifyOutcome.
/// </summary>
public sealed class AdapterOutcomeTests(AdapterAppFixture fixture) : IClassFixture<AdapterAppFixture>
{
    private readonly Infrastructure.TestApp app = fixture.App;

    [Theory]
    [InlineData(Wps, OrderBehavior.RejectInvalidPart, "InvalidPart")]
    [InlineData(Wps, OrderBehavior.PaymentProblem, "PaymentProblem")]
    [InlineData(Wps, OrderBehavior.Unauthorized, "InvalidCredentials")]
    [InlineData(Wps, OrderBehavior.DuplicatePo, "Accepted")] // WPS allows a reused PO: uniqueness is ours to keep
    [InlineData(Wps, OrderBehavior.ServerError, "Ambiguous")]
    [InlineData(Wps, OrderBehavior.Slow, "Ambiguous")]
    [InlineData(Wps, OrderBehavior.Disconnect, "Ambiguous")]
    [InlineData(PartsUnlimited, OrderBehavior.RejectInvalidPart, "InvalidPart")]
    [InlineData(PartsUnlimited, OrderBehavior.PaymentProblem, "PaymentProblem")]
    [InlineData(PartsUnlimited, OrderBehavior.Unauthorized, "InvalidCredentials")]
    [InlineData(PartsUnlimited, OrderBehavior.DuplicatePo, "DuplicatePoNumber")]
    [InlineData(PartsUnlimited, OrderBehavior.ServerError, "Ambiguous")]
    [InlineData(PartsUnlimited, OrderBehavior.Slow, "Ambiguous")]
    [InlineData(PartsUnlimited, OrderBehavior.Disconnect, "Ambiguous")]
    [InlineData(Tucker, OrderBehavior.RejectInvalidPart, "InvalidPart")]
    [InlineData(Tucker, OrderBehavior.PaymentProblem, "PaymentProblem")]
    [InlineData(Tucker, OrderBehavior.Unauthorized, "InvalidCredentials")]
    [InlineData(Tucker, OrderBehavior.DuplicatePo, "DuplicatePoNumber")]
    [InlineData(Tucker, OrderBehavior.ServerError, "Ambiguous")]
    [InlineData(Tucker, OrderBehavior.Slow, "Ambiguous")]
    [InlineData(Tucker, OrderBehavior.Disconnect, "Ambiguous")]
    [InlineData(Automatic, OrderBehavior.RejectInvalidPart, "InvalidPart")]
    [InlineData(Automatic, OrderBehavior.PaymentProblem, "PaymentProblem")]
    [InlineData(Automatic, OrderBehavior.Unauthorized, "InvalidCredentials")]
    [InlineData(Automatic, OrderBehavior.DuplicatePo, "DuplicatePoNumber")]
    [InlineData(Automatic, OrderBehavior.ServerError, "Ambiguous")]
    [InlineData(Automatic, OrderBehavior.Slow, "Ambiguous")]
    [InlineData(Automatic, OrderBehavior.Disconnect, "Ambiguous")]
    public async Task Each_order_error_maps_to_its_rejection_code_or_to_ambiguous(string distributor, OrderBehavior behavior, string expected)
    {
        var (adapter, account) = await app.ConnectAsync(distributor);
        var part = NewPart();
        // Slow: an hour, far past the order time limit; the shared fake clock is moved past that limit once the sandbox
        // holds the call, so the adapter gives up without any real waiting (and the sandbox stops when it hangs up).
        app.Sandbox.Scripts.Set(part, new PartScript { Order = behavior, Delay = TimeSpan.FromHours(1) });

        var result = behavior == OrderBehavior.Slow
            ? await app.WhileHeldAsync(fixture.Clock, () => adapter.PlaceOrderAsync(account, Order(NewPo(), part), CancellationToken.None),
                AdapterAppFixture.OrderTimeout, held: app.Sandbox.Delays.Held + 1)
            : await adapter.PlaceOrderAsync(account, Order(NewPo(), part), CancellationToken.None);

        switch (expected)
        {
            case "Accepted":
                Assert.IsType<PlaceOrderResult.Accepted>(result);
                break;
            case "Ambiguous":
                Assert.IsType<PlaceOrderResult.Ambiguous>(result);
                break;
            default:
                var rejected = Assert.IsType<PlaceOrderResult.Rejected>(result);
                Assert.Equal(Enum.Parse<RejectionCode>(expected), rejected.Code);
                Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
                break;
        }
    }

    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public async Task A_status_lookup_with_several_tracking_numbers_returns_every_package(string distributor)
    {
        var (adapter, account) = await app.ConnectAsync(distributor);
        var (po, part) = (NewPo(), NewPart());
        app.Sandbox.Scripts.Set(part, new PartScript { ShipAfterChecks = 1, Packages = 3, Carrier = "FedEx" });
        var placed = Assert.IsType<PlaceOrderResult.Accepted>(await adapter.PlaceOrderAsync(account, Order(po, part, quantity: 3), CancellationToken.None));

        var lookup = await adapter.LookUpOrderAsync(account, Placed(po, placed.OrderNumbers), CancellationToken.None);

        var found = Assert.IsType<OrderLookup.Found>(lookup);
        Assert.Equal(3, found.Shipments.Count);
        Assert.Equal(3, found.Shipments.Select(s => s.TrackingNumber).Distinct().Count());
        Assert.All(found.Shipments, s => Assert.Equal(Carriers.FedEx, s.Carrier));
        Assert.All(found.Shipments, s => Assert.NotNull(s.ShipDate));
        Assert.NotEmpty(found.OrderNumbers);
        if (distributor != Wps) // WPS does not say which units went into which of several packages
            Assert.All(found.Shipments, s => Assert.Equal(1, s.Quantity));
    }

    [Fact]
    public async Task Tucker_entries_sharing_a_tracking_number_are_one_package_with_their_units_added()
    {
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var (po, first, second) = (NewPo(), NewPart("A"), NewPart("B"));
        app.Sandbox.Scripts.Set(first, new PartScript { ShipAfterChecks = 1, Packages = 1 });
        // The adapter orders one line; a two-line order is placed straight on the sandbox's TRWS route.
        using var http = new HttpClient();
        var query = $"apikey={Uri.EscapeDataString(TuckerKey)}&cust={TuckerCustomer}&output=JSON&type=ORD&name=Pat&address1=1+Main&city=Austin&state=TX&zip=78701" +
                    $"&po={po}&allowduplicatepo=NO&submit=YES&line={first.Replace("-", "")},2&line={second.Replace("-", "")},1";
        var ord = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(app.Sandbox.BaseAddress, "tucker/bin/trws?" + query));
        Assert.Equal("SUCCESSFUL", ord.GetProperty("ORD").GetProperty("status").GetString());

        var found = Assert.IsType<OrderLookup.Found>(await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None));

        var package = Assert.Single(found.Shipments);
        Assert.Equal(3, package.Quantity);
        Assert.Equal(Carriers.Ups, package.Carrier);
        Assert.Single(found.OrderNumbers);
    }

    [Fact]
    public async Task Tucker_refuses_a_reused_po_number_because_the_adapter_sends_allowduplicatepo_no()
    {
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var po = NewPo();

        var first = await tucker.PlaceOrderAsync(account, Order(po, NewPart()), CancellationToken.None);
        var second = await tucker.PlaceOrderAsync(account, Order(po, NewPart()), CancellationToken.None);

        Assert.IsType<PlaceOrderResult.Accepted>(first);
        Assert.Equal(RejectionCode.DuplicatePoNumber, Assert.IsType<PlaceOrderResult.Rejected>(second).Code);
    }

    [Fact]
    public async Task Tucker_joins_the_order_error_with_each_line_error()
    {
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var part = NewPart();
        app.Sandbox.Scripts.Set(part, new PartScript { Order = OrderBehavior.RejectInvalidPart });

        var rejected = Assert.IsType<PlaceOrderResult.Rejected>(await tucker.PlaceOrderAsync(account, Order(NewPo(), part), CancellationToken.None));

        Assert.Equal($"Order not submitted; {part.Replace("-", "")}: Invalid item number", rejected.Message);
    }

    [Theory]
    // WPS: GET /orders/{po} is keyed by the PO, and its own 404 says it has none.
    [InlineData(Wps, true)]
    // Parts Unlimited: the listing of the days around the submission, read to its empty last page.
    [InlineData(PartsUnlimited, true)]
    // Tucker: SHP lists shipments; "no order found" may only mean nothing shipped yet.
    [InlineData(Tucker, false)]
    // Automatic: the lookup and its not_found answer are unpublished assumptions.
    [InlineData(Automatic, false)]
    public async Task A_po_the_distributor_never_accepted_is_not_found_and_only_some_answers_prove_it(string distributor, bool provenAbsent)
    {
        var (adapter, account) = await app.ConnectAsync(distributor);
        // Something else placed the same day, so a scanning lookup has a page to read before the end.
        await adapter.PlaceOrderAsync(account, Order(NewPo(), NewPart()), CancellationToken.None);

        var notFound = Assert.IsType<OrderLookup.NotFound>(await adapter.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None));

        Assert.Equal(provenAbsent, notFound.ProvenAbsent);
        Assert.False(string.IsNullOrWhiteSpace(notFound.Detail));
    }

    [Fact]
    public async Task Tucker_successful_without_an_order_number_is_accepted_and_the_po_number_is_the_reference()
    {
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var (po, part) = (NewPo(), NewPart());
        app.Sandbox.Scripts.Set(part, new PartScript { ShipAfterChecks = 1 });

        var accepted = Assert.IsType<PlaceOrderResult.Accepted>(await tucker.PlaceOrderAsync(account, Order(po, part), CancellationToken.None));
        var found = Assert.IsType<OrderLookup.Found>(await tucker.LookUpOrderAsync(account, Placed(po, accepted.OrderNumbers), CancellationToken.None));

        Assert.Empty(accepted.OrderNumbers);
        Assert.Single(found.Shipments);
    }

    [Fact]
    public async Task Wps_reads_item_quantities_as_public_clients_do_and_one_package_carries_the_units_shipped()
    {
        var (wps, account) = await app.ConnectAsync(Wps);
        var (po, part) = (NewPo(), NewPart());
        app.Sandbox.Scripts.Set(part, new PartScript { PartialAfterChecks = 1, ShipAfterChecks = 2, Packages = 2 });
        await wps.PlaceOrderAsync(account, Order(po, part, quantity: 3), CancellationToken.None);

        var partial = Assert.IsType<OrderLookup.Found>(await wps.LookUpOrderAsync(account, Placed(po), CancellationToken.None));
        var shipped = Assert.IsType<OrderLookup.Found>(await wps.LookUpOrderAsync(account, Placed(po), CancellationToken.None));

        // Partial: one tracking number on the order, ship_quantity 2 of order_quantity 3.
        var first = Assert.Single(partial.Shipments);
        Assert.Equal((2, false), (first.Quantity, partial.Complete));
        // Both packages on one WPS order: which units went where is not said, so no quantity; everything shipped is.
        Assert.Equal(2, shipped.Shipments.Count);
        Assert.All(shipped.Shipments, s => Assert.Null(s.Quantity));
        Assert.True(shipped.Complete);
    }

    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public async Task Verify_accepts_good_credentials_and_flags_bad_ones_and_a_lookup_with_bad_ones_says_so(string distributor)
    {
        var (adapter, good) = await app.ConnectAsync(distributor, storeId: "store-" + Guid.NewGuid().ToString("N")[..12]);
        var (_, bad) = await app.ConnectAsync(distributor, invalid: true, storeId: "store-" + Guid.NewGuid().ToString("N")[..12]);

        Assert.Equal(VerifyOutcome.Ok, (await adapter.VerifyAsync(good, CancellationToken.None)).Outcome);
        Assert.Equal(VerifyOutcome.InvalidCredentials, (await adapter.VerifyAsync(bad, CancellationToken.None)).Outcome);
        Assert.Equal(RejectionCode.InvalidCredentials,
            Assert.IsType<PlaceOrderResult.Rejected>(await adapter.PlaceOrderAsync(bad, Order(NewPo(), NewPart()), CancellationToken.None)).Code);
        if (distributor is Tucker or Automatic)
            Assert.True(Assert.IsType<OrderLookup.Failed>(await adapter.LookUpOrderAsync(bad, Placed(NewPo()), CancellationToken.None)).InvalidCredentials);
    }

    [Fact]
    public async Task Automatic_reports_whether_everything_shipped_and_partial_shipments_are_not_complete()
    {
        var (automatic, account) = await app.ConnectAsync(Automatic);
        var (po, part) = (NewPo(), NewPart());
        app.Sandbox.Scripts.Set(part, new PartScript { PartialAfterChecks = 1, ShipAfterChecks = 2, Packages = 2 });
        await automatic.PlaceOrderAsync(account, Order(po, part, quantity: 2), CancellationToken.None);

        var partial = Assert.IsType<OrderLookup.Found>(await automatic.LookUpOrderAsync(account, Placed(po), CancellationToken.None));
        var shipped = Assert.IsType<OrderLookup.Found>(await automatic.LookUpOrderAsync(account, Placed(po), CancellationToken.None));

        Assert.Equal((1, false, "PARTIAL"), (partial.Shipments.Count, partial.Complete, partial.DistributorStatus));
        Assert.Equal((2, true, "SHIPPED"), (shipped.Shipments.Count, shipped.Complete, shipped.DistributorStatus));
    }
}
