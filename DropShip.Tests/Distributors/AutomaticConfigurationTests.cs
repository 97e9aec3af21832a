using System.Net;
using DropShip.Core.Distributors;
using DropShip.Core.Tracking;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Distributors;

/// <summary>Automatic has no published host, and is the one distributor that separates parcel tracking numbers from freight PRO numbers.</summary>
public sealed class AutomaticConfigurationTests
{
    [Theory]
    [InlineData(false, "Distributors:automatic:BaseUrl")]
    [InlineData(true, "Distributors:automatic:TestBaseUrl")]
    public async Task Without_a_configured_host_every_call_fails_clearly_and_nothing_is_sent(bool testMode, string setting)
    {
        await using var app = await TestApp.StartAsync(settings =>
        {
            settings.Remove("Distributors:automatic:BaseUrl");
            settings.Remove("Distributors:automatic:TestBaseUrl");
        });
        var (automatic, account) = await app.ConnectAsync(Automatic, testMode);

        var placed = await automatic.PlaceOrderAsync(account, Order(NewPo(), NewPart()), CancellationToken.None);
        var lookup = await automatic.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None);
        var verify = await automatic.VerifyAsync(account, CancellationToken.None);

        // A clean rejection (nothing ordered, the reservation is released), not an Unconfirmed PO from a DNS failure.
        var rejected = Assert.IsType<PlaceOrderResult.Rejected>(placed);
        Assert.Equal(RejectionCode.Unavailable, rejected.Code);
        Assert.Contains(setting, rejected.Message);
        Assert.Contains(setting, Assert.IsType<OrderLookup.Failed>(lookup).Reason);
        Assert.Equal(VerifyOutcome.Unreachable, verify.Outcome);
        Assert.Contains(setting, verify.Message);
        Assert.Empty(app.Sandbox.Requests.For(Automatic));
    }

    [Fact]
    public async Task A_pro_number_is_a_shipment_identifier_only_when_there_is_no_tracking_number_and_never_a_parcel_carrier_guess()
    {
        // The sandbox always ships parcels, so a small real HTTP server answers with freight shipments.
        await using var automaticHost = await StubAsync("""
            {"header":{"ponumber":"PO1","orderNumber":"A777","orderGenerationNumber":"01","invoiceDate":"03/04/26","status":"SHIPPED"},
             "lines":[{"partNumber":"X-1","quantity":3,"shippedQuantity":3}],
             "shipments":[
               {"trackingNumber":"1Z999AA10123456784","proNumber":"PRO-1","carrier":"UPS","shipDate":"2026-03-04","lines":[{"partNumber":"X-1","quantity":1}]},
               {"trackingNumber":null,"proNumber":"123456789012","carrier":"Estes Express","shipDate":"2026-03-05","lines":[{"partNumber":"X-1","quantity":2}]},
               {"trackingNumber":"","proNumber":null,"carrier":"UPS","shipDate":"2026-03-05","lines":[]}]}
            """);
        await using var app = await TestApp.StartAsync(settings => settings["Distributors:automatic:BaseUrl"] = new Uri(automaticHost.BaseAddress, "automatic/").ToString());
        var (automatic, account) = await app.ConnectAsync(Automatic);

        var found = Assert.IsType<OrderLookup.Found>(await automatic.LookUpOrderAsync(account, Placed("PO1"), CancellationToken.None));

        Assert.Equal(["A777"], found.OrderNumbers);
        Assert.True(found.Complete);
        Assert.Collection(found.Shipments,
            parcel => Assert.Equal(("1Z999AA10123456784", Carriers.Ups, 1, new DateOnly(2026, 3, 4)), (parcel.TrackingNumber, parcel.Carrier, parcel.Quantity!.Value, parcel.ShipDate!.Value)),
            // 12 digits would pass for FedEx; it is an Estes freight bill, with no parcel tracking link.
            freight => Assert.Equal(("123456789012", "Estes Express", 2), (freight.TrackingNumber, freight.Carrier, freight.Quantity!.Value)));
        Assert.Null(Carriers.TrackingUrl(found.Shipments[1].Carrier, found.Shipments[1].TrackingNumber));
    }

    [Fact]
    public async Task A_bare_404_is_not_taken_for_an_unknown_po()
    {
        await using var wrongHost = await StubAsync(null);
        await using var app = await TestApp.StartAsync(settings => settings["Distributors:automatic:BaseUrl"] = new Uri(wrongHost.BaseAddress, "elsewhere/").ToString());
        var (automatic, account) = await app.ConnectAsync(Automatic);

        // Reconciliation concludes "never ordered" from NotFound, so a misconfigured URL must not produce one.
        Assert.IsType<OrderLookup.Failed>(await automatic.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None));
        Assert.Equal(VerifyOutcome.Unreachable, (await automatic.VerifyAsync(account, CancellationToken.None)).Outcome);
    }

    /// <summary>Kestrel on loopback answering GET automatic/order/lookup with <paramref name="lookupBody"/> (404 everywhere else).</summary>
    private static async Task<Stub> StubAsync(string? lookupBody)
    {
        var builder = LoopbackWebApp.CreateBuilder();
        var app = builder.Build();
        if (lookupBody is not null)
            app.MapGet("/automatic/order/lookup", () => Results.Text(lookupBody, "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Stub(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private sealed record Stub(WebApplication App, Uri BaseAddress) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }
}
