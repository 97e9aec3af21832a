using System.Diagnostics.Metrics;
using System.Text.Json;
using DropShip.Core.Common;
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
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Tracking;

/// <summary>
/// The tracking activities for real (TrackingWithThePlatform). Time is virtual (FakeTimeProvider) so webhook backoff runs in no time.
/// </summary>
public sealed class ShipmentTrackingTests : TrackingWithThePlatform
{
    private static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Shared with the sandbox: a distributor that does not answer is timed out by moving the clock.</summary>
    protected override TimeProvider Clock => clock;

    protected override void Configure(Dictionary<string, string?> settings) => settings["Distributors:wps:OrderTimeout"] = OrderTimeout.ToString();

    protected override Task ConnectAsync() => app.ConnectWpsAsync();

    private async Task<string> SubmitAsync(string part, string po = "DS1001-1")
    {
        var item = Orders.Item(parts: new DistributorPartInput("wps", part));
        var result = Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, po)), app.StoreId, app.Durable.Object));
        Assert.True(result.Status is 201 or 202, result.Raw);
        return po;
    }

    private MetricCollector<long> Metric(string instrument) => new(app.Get<IMeterFactory>(), DropShipMetrics.MeterName, instrument);

    private Task<CheckResult> CheckAsync(string po) => app.Get<ShipmentTracker>().CheckAsync(app.StoreId, po, default);

    private Task NotifyAsync(string po, IReadOnlyList<string> trackingNumbers) => app.Get<ShipmentNotifier>().NotifyAsync(app.StoreId, po, trackingNumbers, default);

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
        var (message, operationId) = Assert.Single(email.Sent);
        Assert.Equal(expectedId, operationId);
        Assert.Equal("pat@example.com", message.To);
        Assert.Contains(tracking, message.PlainText);
        Assert.Contains("#1001", message.Subject);
        Assert.Contains("https://www.ups.com/track?tracknum=" + tracking, message.Html);

        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
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
        await app.DeliverQueuedWebhooksAsync(); // the created event, delivered before the outage
        receiver.FailNext(5);
        using var deliveries = Metric(DropShipMetrics.WebhookDeliveriesName);
        var check = await CheckAsync(po);
        await NotifyAsync(po, check.PendingNotifications);
        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Empty(Accepted(PlatformEventTypes.TrackingFound));

        var outbox = app.Get<WebhookOutbox>();
        for (var minute = 0; minute < 6 * 60; minute++) // six hours of virtual time, the timer firing every minute
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await outbox.DeliverDueAsync(default);
        }

        var delivered = Assert.Single(Accepted(PlatformEventTypes.TrackingFound));
        var failures = receiver.Received.Count(d => d.Status == 503);
        var trackingFound = deliveries.GetMeasurementSnapshot().Where(m => (string?)m.Tags[DropShipMetrics.Tags.EventType] == PlatformEventTypes.TrackingFound).ToList();
        Assert.Equal(failures, trackingFound.Count(m => (string?)m.Tags[DropShipMetrics.Tags.Outcome] == "failed"));
        Assert.Single(trackingFound, m => (string?)m.Tags[DropShipMetrics.Tags.Outcome] == "delivered");
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
        // The PO-created event, tried at submit during the outage, was delivered by the timer too: once.
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
        Assert.Equal(2, email.Sent.Count);
        Assert.Equal(2, email.Sent.Select(s => s.OperationId).Distinct().Count());
        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
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
        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.PurchaseOrderCreated));
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Method == "POST" && r.Path == "/wps/orders"); // never resubmitted
    }

    [Fact]
    public async Task The_dealer_is_asked_once_per_po_and_the_view_says_so_until_the_distributor_shows_the_order()
    {
        app.Sandbox.Scripts.Set("87-0012", new PartScript { Order = OrderBehavior.PlaceThenStall, Delay = TimeSpan.FromSeconds(10) });
        var po = await app.WhileHeldAsync(clock, () => SubmitAsync("87-0012"), OrderTimeout);
        var tracker = app.Get<ShipmentTracker>();

        await tracker.AskDealerToConfirmAsync(app.StoreId, po, default);
        await tracker.AskDealerToConfirmAsync(app.StoreId, po, default); // the activity ran twice, or a restarted monitor got there again
        Assert.Single(await TimelineAsync(po), t => t == TimelineEntryTypes.NeedsAttention);
        Assert.True(await NeedsAttentionAsync(po));

        // The check reports the PO's own status, which is what TrackingState.After judges a later "not found" by.
        var check = await CheckAsync(po);
        Assert.Equal((CheckOutcome.Pending, (bool?)false), (check.Outcome, check.AwaitsConfirmation));
        Assert.False(await NeedsAttentionAsync(po));
        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.NeedsAttention));
    }

    private async Task<bool> NeedsAttentionAsync(string po) =>
        Http.Read(await app.Get<Functions.PurchaseOrders.PurchaseOrderFunctions>().GetPurchaseOrder(Http.Request("GET"), app.StoreId, po)).Body
            .GetProperty("needsAttention").GetBoolean();

    [Fact]
    public async Task A_definitive_not_found_is_a_proof_of_absence_and_releasing_frees_the_item_for_a_new_order()
    {
        app.Sandbox.Scripts.Set("87-0005", new PartScript { Order = OrderBehavior.Slow, Delay = TimeSpan.FromSeconds(10) });
        var po = await app.WhileHeldAsync(clock, () => SubmitAsync("87-0005"), OrderTimeout);
        Assert.Equal(PurchaseOrderStatus.Unconfirmed, (await PoAsync(po)).Status);

        var check = await CheckAsync(po);
        Assert.Equal((CheckOutcome.ProvenAbsent, (bool?)true), (check.Outcome, check.AwaitsConfirmation)); // WPS answers 404 for the PO number
        Assert.Equal(PurchaseOrderStatus.Unconfirmed, (await PoAsync(po)).Status); // a check alone never releases
        await app.Get<ShipmentTracker>().ReleaseNeverPlacedAsync(app.StoreId, po, "Proven absent.", default);
        await app.Get<ShipmentTracker>().ReleaseNeverPlacedAsync(app.StoreId, po, "Proven absent.", default); // the activity ran twice

        Assert.Equal(PurchaseOrderStatus.Failed, (await PoAsync(po)).Status);
        Assert.Null(await app.Get<PurchaseOrderStore>().FindClaimAsync(app.StoreId, "1001", "A1", default));
        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.PurchaseOrderFailed));
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Method == "POST" && r.Path == "/wps/orders"); // never resubmitted

        // The item is eligible again.
        app.Sandbox.Scripts.Reset();
        Assert.Equal(201, Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Orders.Item(parts: new DistributorPartInput("wps", "87-0005")), "DS1001-2")), app.StoreId, app.Durable.Object)).Status);
    }

    [Fact]
    public async Task Releasing_a_po_the_distributor_confirmed_does_nothing()
    {
        var po = await SubmitAsync("87-0008");
        await app.Get<ShipmentTracker>().ReleaseNeverPlacedAsync(app.StoreId, po, "wrong", default);
        await app.Get<ShipmentTracker>().AskDealerToConfirmAsync(app.StoreId, po, default);

        Assert.Equal(PurchaseOrderStatus.Open, (await PoAsync(po)).Status);
        Assert.Equal(po, await app.Get<PurchaseOrderStore>().FindClaimAsync(app.StoreId, "1001", "A1", default));
        Assert.DoesNotContain(TimelineEntryTypes.NeedsAttention, await TimelineAsync(po));
    }

    [Fact]
    public async Task Email_not_configured_is_said_on_the_po_not_counted_as_emailed()
    {
        await using var plain = await TestApp.StartAsync(s => s["Platform:OutboxTable"] = Azurite.UniqueName("outbox"));
        await plain.ConnectWpsAsync();
        plain.Sandbox.Scripts.Set("87-0009", new PartScript { ShipAfterChecks = 1 });
        var item = Orders.Item(parts: new DistributorPartInput("wps", "87-0009"));
        Assert.Equal(201, Http.Read(await plain.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, "DS-NOMAIL")), plain.StoreId, plain.Durable.Object)).Status);
        var check = await plain.Get<ShipmentTracker>().CheckAsync(plain.StoreId, "DS-NOMAIL", default);
        await plain.Get<ShipmentNotifier>().NotifyAsync(plain.StoreId, "DS-NOMAIL", check.PendingNotifications, default);

        var view = Http.Read(await plain.Get<Functions.PurchaseOrders.PurchaseOrderFunctions>().GetPurchaseOrder(Http.Request("GET"), plain.StoreId, "DS-NOMAIL")).Body;
        Assert.Equal("NotConfigured", view.GetProperty("shipments")[0].GetProperty("customerEmail").GetString());
        Assert.False(view.GetProperty("shipments")[0].TryGetProperty("customerEmailed", out _));
        // No platform URL configured: every event is still pending, none delivered.
        Assert.All(view.GetProperty("platformEvents").EnumerateArray(), e => Assert.Equal("Pending", e.GetProperty("delivery").GetString()));
        Assert.Equal(2, view.GetProperty("platformEvents").GetArrayLength());
    }

    [Fact]
    public async Task An_email_that_failed_one_notify_run_is_sent_again_at_the_next_check()
    {
        app.Sandbox.Scripts.Set("87-0011", new PartScript { ShipAfterChecks = 1 });
        var po = await SubmitAsync("87-0011");
        var check = await CheckAsync(po);
        email.FailWith = new InvalidOperationException("ACS down");

        // One NotifyShipment run: its three attempts under the monitor's retry policy all fail.
        for (var attempt = 1; attempt <= 3; attempt++)
            await Assert.ThrowsAsync<InvalidOperationException>(() => NotifyAsync(po, check.PendingNotifications));
        email.FailWith = null;
        var next = await CheckAsync(po);
        await NotifyAsync(po, next.PendingNotifications);

        Assert.Equal(check.PendingNotifications, next.PendingNotifications);
        Assert.Equal(EmailStatus.Sent, Assert.Single((await PoAsync(po)).Shipments).CustomerEmail);
        Assert.Single(email.Sent);
    }

    [Fact]
    public async Task An_email_service_that_keeps_failing_ends_as_failed_not_sent()
    {
        app.Sandbox.Scripts.Set("87-0010", new PartScript { ShipAfterChecks = 1 });
        var po = await SubmitAsync("87-0010");
        var check = await CheckAsync(po);
        email.FailWith = new InvalidOperationException("ACS down");
        using var emails = Metric(DropShipMetrics.EmailsName);

        for (var attempt = 1; attempt < ShipmentNotifier.MaxEmailAttempts; attempt++)
            await Assert.ThrowsAsync<InvalidOperationException>(() => NotifyAsync(po, check.PendingNotifications));
        await NotifyAsync(po, check.PendingNotifications); // the last attempt gives up instead of failing the activity

        var shipment = Assert.Single((await PoAsync(po)).Shipments);
        Assert.Equal(EmailStatus.Failed, shipment.CustomerEmail);
        Assert.False(shipment.NotificationPending);
        // The operator sees each failed attempt and the one given up.
        Assert.Equal([.. Enumerable.Repeat("failed", ShipmentNotifier.MaxEmailAttempts - 1), "abandoned"],
            emails.GetMeasurementSnapshot().Select(m => (string)m.Tags[DropShipMetrics.Tags.Outcome]!));
        Assert.Empty(email.Sent);
        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
        Assert.Single(Accepted(PlatformEventTypes.TrackingFound));
        var view = Http.Read(await app.Get<Functions.PurchaseOrders.PurchaseOrderFunctions>().GetPurchaseOrder(Http.Request("GET"), app.StoreId, po)).Body;
        Assert.Equal("Failed", view.GetProperty("shipments")[0].GetProperty("customerEmail").GetString());
        Assert.All(view.GetProperty("platformEvents").EnumerateArray(), e => Assert.Equal("Delivered", e.GetProperty("delivery").GetString()));
        Assert.Equal([1L, 2L], view.GetProperty("platformEvents").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Six_weeks_unshipped_stops_tracking_and_tells_the_platform_once()
    {
        var po = await SubmitAsync("87-0006");
        await app.Get<ShipmentTracker>().StopAsync(app.StoreId, po, default);
        await app.Get<ShipmentTracker>().StopAsync(app.StoreId, po, default);

        Assert.Equal(PurchaseOrderStatus.TrackingStopped, (await PoAsync(po)).Status);
        Assert.Single(await TimelineAsync(po), t => t == "TrackingStopped");
        await app.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does
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
