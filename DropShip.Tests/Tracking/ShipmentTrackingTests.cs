using System.Text.Json;
using Azure;
using Azure.Communication.Email;
using DropShip.Core.Eligibility;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Submission;
using DropShip.Functions.Tracking;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Distributors;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace DropShip.Tests.Tracking;

/// <summary>
/// The tracking activities for real against Azurite, the sandbox and a webhook receiver over HTTP; only the ACS
/// EmailClient is mocked. Time is virtual (FakeTimeProvider) so webhook backoff runs in no time.
/// </summary>
public sealed class ShipmentTrackingTests : IAsyncLifetime
{
    private const string WebhookSecret = "platform-secret-for-tests";
    private static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly Mock<EmailClient> email = new();
    private WebhookReceiver receiver = null!;
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        email.Setup(c => c.SendAsync(WaitUntil.Started, It.IsAny<EmailMessage>(), It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((WaitUntil _, EmailMessage _, Guid id, CancellationToken _) => new EmailSendOperation(id.ToString(), email.Object));
        app = await TestApp.StartAsync(
            settings: s =>
            {
                s["Platform:WebhookUrl"] = receiver.Url.ToString();
                s["Platform:WebhookSecret"] = WebhookSecret;
                s["Distributors:Wps:OrderTimeout"] = OrderTimeout.ToString();
            },
            services: s => s.AddSingleton<ICustomerEmailSender>(new AcsCustomerEmailSender(email.Object, Options.Create(new EmailOptions { SenderAddress = "DoNotReply@dealer.example" }))),
            clock: clock); // shared with the sandbox: a distributor that does not answer is timed out by moving the clock
        await app.ConnectWpsAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private async Task<string> SubmitAsync(string part, string po = "DS1001-1")
    {
        var item = Orders.Item(parts: new DistributorPartInput("wps", part));
        var result = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, po)), app.StoreId, app.Durable.Object));
        Assert.True(result.Status is 201 or 202, result.Raw);
        return po;
    }

    private Task<CheckShipmentResult> CheckAsync(string po, int notFoundSoFar = 0) =>
        app.Get<ShipmentTracker>().CheckAsync(new CheckShipmentInput(app.StoreId, po, notFoundSoFar, TrackingPolicy.Default.ReconcileAttempts), default);

    private Task NotifyAsync(string po, IReadOnlyList<string> trackingNumbers) =>
        app.Get<ShipmentNotifier>().NotifyAsync(new NotifyShipmentInput(app.StoreId, po, trackingNumbers), default);

    private async Task<PurchaseOrder> PoAsync(string po) => (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, po, default))!.Po;

    private async Task<List<string>> TimelineAsync(string po) =>
        (await app.Get<PurchaseOrderStore>().TimelineAsync(app.StoreId, po, default)).Select(e => e.Type).ToList();

    private IEnumerable<WebhookReceiver.Delivery> Accepted(string type) =>
        receiver.Accepted.Where(d => d.Headers[WebhookSigner.EventTypeHeader] == type);

    [Fact]
    public async Task Notify_run_twice_sends_one_email_with_the_derived_operation_id_and_one_webhook()
    {
        app.Sandbox.Scripts.Set("87-0001", new PartScript { ShipAfterChecks = 1, Carrier = "UPS" });
        var po = await SubmitAsync("87-0001");
        var check = await CheckAsync(po);
        Assert.Equal(CheckOutcome.Shipped, check.Outcome);
        var tracking = Assert.Single(check.PendingNotifications);

        await NotifyAsync(po, check.PendingNotifications);
        await NotifyAsync(po, check.PendingNotifications); // the activity ran twice

        var expectedId = ShipmentNotifier.EmailOperationId(app.StoreId, po, tracking);
        email.Verify(c => c.SendAsync(WaitUntil.Started, It.IsAny<EmailMessage>(), expectedId, It.IsAny<CancellationToken>()), Times.Once);
        email.Verify(c => c.SendAsync(It.IsAny<WaitUntil>(), It.IsAny<EmailMessage>(), It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Once);
        var message = Assert.IsType<EmailMessage>(email.Invocations.Single().Arguments[1]);
        Assert.Equal("pat@example.com", message.Recipients.To.Single().Address);
        Assert.Contains(tracking, message.Content.PlainText);
        Assert.Contains("#1001", message.Content.Subject);
        Assert.Contains("https://www.ups.com/track?tracknum=" + tracking, message.Content.Html);

        var webhook = Assert.Single(Accepted(PlatformEventTypes.TrackingFound));
        var body = JsonDocument.Parse(webhook.Body).RootElement;
        Assert.Equal(tracking, body.GetProperty("data").GetProperty("trackingNumber").GetString());
        Assert.Contains(tracking, body.GetProperty("data").GetProperty("note").GetString());
        Assert.Single(await TimelineAsync(po), t => t == "OrderNote");
        Assert.Single(await TimelineAsync(po), t => t == "CustomerEmail");
        Assert.Empty((await CheckAsync(po)).PendingNotifications);
    }

    [Fact]
    public async Task A_webhook_survives_a_platform_outage_and_is_delivered_exactly_once_with_a_verifiable_signature()
    {
        app.Sandbox.Scripts.Set("87-0002", new PartScript { ShipAfterChecks = 1 });
        var po = await SubmitAsync("87-0002");
        receiver.FailNext(5);
        var check = await CheckAsync(po);
        await NotifyAsync(po, check.PendingNotifications);
        Assert.Empty(Accepted(PlatformEventTypes.TrackingFound));

        var outbox = app.Get<WebhookOutbox>();
        for (var minute = 0; minute < 6 * 60; minute++) // six hours of virtual time, the timer firing every minute
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await outbox.DeliverDueAsync(default);
        }

        var delivered = Assert.Single(Accepted(PlatformEventTypes.TrackingFound));
        var failures = receiver.Received.Count(d => d.Status == 503);
        Assert.True(failures >= 5, $"expected the outage to be hit 5 times, saw {failures}");
        var attempts = receiver.Received.Where(d => d.Headers[WebhookSigner.EventTypeHeader] == PlatformEventTypes.TrackingFound).ToList();
        Assert.Single(attempts.Select(d => d.Headers[WebhookSigner.EventIdHeader]).Distinct());
        Assert.True(WebhookSigner.Verify(WebhookSecret, delivered.Headers[WebhookSigner.TimestampHeader], delivered.Body,
            delivered.Headers[WebhookSigner.SignatureHeader], clock.GetUtcNow(), TimeSpan.FromDays(1)));
        Assert.False(WebhookSigner.Verify("wrong-secret", delivered.Headers[WebhookSigner.TimestampHeader], delivered.Body,
            delivered.Headers[WebhookSigner.SignatureHeader], clock.GetUtcNow(), TimeSpan.FromDays(1)));
        var timeline = await TimelineAsync(po);
        Assert.Contains("WebhookFailed", timeline);
        Assert.Contains("WebhookDelivered", timeline);
        // The PO-created event, queued at submit, was delivered by the timer too: once.
        Assert.Single(Accepted(PlatformEventTypes.PurchaseOrderCreated));
    }

    [Fact]
    public async Task A_partial_shipment_tells_the_customer_about_each_package_once()
    {
        app.Sandbox.Scripts.Set("87-0003", new PartScript { PartialAfterChecks = 1, ShipAfterChecks = 2, Packages = 2, Carrier = "FedEx" });
        var item = Orders.Item(parts: new DistributorPartInput("wps", "87-0003")) with { Quantity = 2 };
        Assert.Equal(201, Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, "DS-PART")), app.StoreId, app.Durable.Object)).Status);

        var first = await CheckAsync("DS-PART");
        Assert.Equal(CheckOutcome.Pending, first.Outcome);
        Assert.Equal(PurchaseOrderStatus.PartiallyShipped, (await PoAsync("DS-PART")).Status);
        await NotifyAsync("DS-PART", first.PendingNotifications);

        var second = await CheckAsync("DS-PART");
        Assert.Equal(CheckOutcome.Shipped, second.Outcome);
        var newOnly = Assert.Single(second.PendingNotifications);
        Assert.DoesNotContain(newOnly, first.PendingNotifications);
        await NotifyAsync("DS-PART", second.PendingNotifications);
        await NotifyAsync("DS-PART", [.. first.PendingNotifications, .. second.PendingNotifications]); // a repeat of both

        var po = await PoAsync("DS-PART");
        Assert.Equal(PurchaseOrderStatus.Shipped, po.Status);
        Assert.Equal(2, po.Shipments.Count);
        Assert.All(po.Shipments, s => Assert.Equal("FedEx", s.Carrier));
        Assert.Equal(2, email.Invocations.Count);
        Assert.Equal(2, email.Invocations.Select(i => i.Arguments[2]).Distinct().Count());
        Assert.Equal(2, Accepted(PlatformEventTypes.TrackingFound).Count());
    }

    [Fact]
    public async Task An_unconfirmed_po_the_distributor_has_becomes_open_and_is_tracked()
    {
        app.Sandbox.Scripts.Set("87-0004", new PartScript { Order = OrderBehavior.PlaceThenStall, Delay = TimeSpan.FromSeconds(10) });
        var po = await app.WhileHeldAsync(clock, () => SubmitAsync("87-0004"), OrderTimeout);
        Assert.Equal(PurchaseOrderStatus.Unconfirmed, (await PoAsync(po)).Status);

        var check = await CheckAsync(po);
        Assert.Equal(CheckOutcome.Pending, check.Outcome);
        var confirmed = await PoAsync(po);
        Assert.Equal(PurchaseOrderStatus.Open, confirmed.Status);
        Assert.NotEmpty(confirmed.DistributorOrderNumbers);
        Assert.Contains("Confirmed", await TimelineAsync(po));
        Assert.Single(Accepted(PlatformEventTypes.PurchaseOrderCreated));
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Method == "POST" && r.Path == "/wps/orders"); // never resubmitted
    }

    [Fact]
    public async Task An_unconfirmed_po_the_distributor_does_not_have_fails_after_the_lookups_and_releases_the_item()
    {
        app.Sandbox.Scripts.Set("87-0005", new PartScript { Order = OrderBehavior.Slow, Delay = TimeSpan.FromSeconds(10) });
        var po = await app.WhileHeldAsync(clock, () => SubmitAsync("87-0005"), OrderTimeout);
        Assert.Equal(PurchaseOrderStatus.Unconfirmed, (await PoAsync(po)).Status);

        var attempts = TrackingPolicy.Default.ReconcileAttempts;
        for (var i = 0; i < attempts - 1; i++)
            Assert.Equal(CheckOutcome.NotFoundYet, (await CheckAsync(po, notFoundSoFar: i)).Outcome);
        Assert.Equal(CheckOutcome.Failed, (await CheckAsync(po, notFoundSoFar: attempts - 1)).Outcome);

        Assert.Equal(PurchaseOrderStatus.Failed, (await PoAsync(po)).Status);
        Assert.Null(await app.Get<PurchaseOrderStore>().FindClaimAsync(app.StoreId, "1001", "A1", default));
        Assert.Single(Accepted(PlatformEventTypes.PurchaseOrderFailed));
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Method == "POST" && r.Path == "/wps/orders"); // never resubmitted

        // The item is eligible again.
        app.Sandbox.Scripts.Reset();
        Assert.Equal(201, Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Orders.Item(parts: new DistributorPartInput("wps", "87-0005")), "DS1001-2")), app.StoreId, app.Durable.Object)).Status);
    }

    [Fact]
    public async Task Six_weeks_unshipped_stops_tracking_and_tells_the_platform_once()
    {
        var po = await SubmitAsync("87-0006");
        await app.Get<ShipmentTracker>().StopAsync(new StopTrackingInput(app.StoreId, po), default);
        await app.Get<ShipmentTracker>().StopAsync(new StopTrackingInput(app.StoreId, po), default);

        Assert.Equal(PurchaseOrderStatus.TrackingStopped, (await PoAsync(po)).Status);
        Assert.Single(await TimelineAsync(po), t => t == "TrackingStopped");
        Assert.Single(Accepted(PlatformEventTypes.TrackingStopped));
        Assert.Equal(CheckOutcome.Stopped, (await CheckAsync(po)).Outcome);
    }

    [Fact]
    public async Task A_rate_limited_lookup_reschedules_and_never_fails_the_po()
    {
        app.Sandbox.Scripts.Set("87-0007", new PartScript { RateLimitedChecks = 1, RetryAfter = TimeSpan.FromSeconds(120), ShipAfterChecks = 2 });
        var po = await SubmitAsync("87-0007");
        var limited = await CheckAsync(po);
        Assert.Equal(CheckOutcome.RateLimited, limited.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(120), limited.RetryAfter);
        Assert.Equal(PurchaseOrderStatus.Open, (await PoAsync(po)).Status);
        Assert.Equal(CheckOutcome.Shipped, (await CheckAsync(po)).Outcome);
    }
}
