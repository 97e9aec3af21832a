using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Connections;
using DropShip.Functions.Eligibility;
using DropShip.Functions.Submission;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Distributors;

/// <summary>Issue 4's "done when": connect, verify, check eligibility, submit and track with each distributor against the sandbox.</summary>
public class FourDistributorJourneyTests
{
    public static TheoryData<string, string, object, bool> Distributors => new()
    {
        { "wps", "87-9938", new { apiToken = "wps-token" }, false },
        { "parts-unlimited", "0101-3337", new { dealerNumber = "D12345", apiKey = "pu-key" }, true },
        { "tucker-rocky", "123456", new { customerNumber = "C1001", apiKey = "tucker-key" }, true },
        { "automatic", "AD-5521", new { apiToken = "auto-token" }, true },
    };

    [Theory]
    [MemberData(nameof(Distributors))]
    public async Task A_dealer_connects_verifies_checks_submits_and_tracks(string distributor, string part, object credentials, bool testMode)
    {
        await using var app = await TestApp.StartAsync();
        var connections = app.Get<ConnectionFunctions>();
        Assert.Equal(201, Http.Read(await connections.SaveConnection(Http.Request("PUT", new { credentials, testMode }), app.StoreId, distributor)).Status);
        var verify = Http.Read(await connections.VerifyConnection(Http.Request("POST"), app.StoreId, distributor));
        Assert.Equal("Ok", verify.Body.GetProperty("outcome").GetString());

        var item = Orders.Item("5005", "E1", new DistributorPartInput(distributor, part)) with { Quantity = 2 };
        var eligibility = Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Http.Request("POST", item), app.StoreId));
        Assert.True(eligibility.Body.GetProperty("eligible").GetBoolean(), eligibility.Raw);
        var po = eligibility.Body.GetProperty("suggestedPoNumber").GetString()!;

        app.Sandbox.Scripts.Set(part, new PartScript { ShipAfterChecks = 1, Packages = 2 });
        var submitted = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, po, distributor)), app.StoreId, app.Durable.Object));
        Assert.True(submitted.Status == 201, submitted.Raw);
        Assert.All(app.Sandbox.Requests.For(distributor), r => Assert.Equal(testMode ? "test" : "production", r.Environment));

        var check = await app.Get<ShipmentTracker>().CheckAsync(app.StoreId, po, default);
        Assert.Equal(CheckOutcome.Shipped, check.Outcome);
        Assert.Equal(2, check.PendingNotifications.Count);
        await app.Get<ShipmentNotifier>().NotifyAsync(app.StoreId, po, check.PendingNotifications, default);

        var stored = (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, po, default))!.Po;
        Assert.Equal(PurchaseOrderStatus.Shipped, stored.Status);
        Assert.Equal(2, stored.Shipments.Count);
        // No email service in this app: the PO says so rather than claiming the customer was emailed.
        Assert.All(stored.Shipments, s => Assert.True(s.PlatformNotified && s.CustomerEmail == EmailStatus.NotConfigured));
        Assert.All(stored.Shipments, s => Assert.NotNull(s.TrackingUrl));
        // Two units in two packages: each holds one, which every distributor's answer says (WPS by its order's shipped units).
        Assert.All(stored.Shipments, s => Assert.Equal(1, s.Quantity));
    }
}
