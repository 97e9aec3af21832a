using System.Text.Json;
using DropShip.Core.Attention;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Attention;
using DropShip.Functions.Connections;
using DropShip.Functions.Eligibility;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace DropShip.Tests.Tracking;

/// <summary>Signals raised by the monitor on the real engine, read back through the attention list and the platform's webhooks.</summary>
public abstract class SignalsOnTheEngine : TrackingOnTheEngine
{
    protected static async Task<List<JsonElement>> AttentionAsync(TrackingEngine engine)
    {
        var (status, body, _, _) = Http.Read(await engine.App.Get<AttentionFunctions>().ListAttention(Http.Request("GET"), engine.App.StoreId));
        Assert.Equal(200, status);
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    protected static async Task<int> SubmitItemAsync(TrackingEngine engine, string part, string po, string itemId) =>
        Http.Read(await engine.App.Get<Functions.Submission.SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Orders.Item(itemId: itemId, parts: new DistributorPartInput("wps", part)), po, "wps")), engine.App.StoreId, engine.Client)).Status;

    protected JsonElement Data(WebhookReceiver.Delivery delivery) => JsonDocument.Parse(delivery.Body).RootElement.GetProperty("data");
}

/// <summary>Unreadable lookup answers on an Open PO: NeedsAttention after Tracking:AttentionAfter, cleared when answers are readable again.</summary>
public sealed class ChecksFailingOnTheEngineTests : SignalsOnTheEngine
{
    [Fact]
    public async Task Drifted_lookup_answers_need_attention_after_the_configured_time_once_and_clear_when_readable_again()
    {
        await using var engine = await EngineAsync(s => s["Tracking:AttentionAfter"] = "00:00:02");
        await engine.App.ConnectAsync("wps");
        // Five drifted answers, at least a second apart (the error backoff): the run of failures lasts at least 4 s.
        engine.App.Sandbox.Scripts.Set("87-2001", new PartScript { UnreadableChecks = 5, ShipAfterChecks = 7 });

        Assert.Equal(201, (await SubmitAsync(engine, "wps", "87-2001", "DS-DRIFT")).Status);
        await engine.CompletionAsync("DS-DRIFT");
        await engine.App.DeliverQueuedWebhooksAsync(); // as the host's queue trigger does

        var timeline = await engine.App.Get<PurchaseOrderStore>().TimelineAsync(engine.App.StoreId, "DS-DRIFT", default);
        var raised = Assert.Single(timeline, e => e.Type == TimelineEntryTypes.NeedsAttention);
        var cleared = Assert.Single(timeline, e => e.Type == TimelineEntryTypes.AttentionCleared);
        Assert.Equal(AttentionReasons.ChecksFailing, raised.Data![AttentionDataKeys.Reason]);
        Assert.Contains("unreadable", raised.Message, StringComparison.Ordinal); // names the reason
        Assert.Equal(raised.Data[AttentionDataKeys.Since], cleared.Data![AttentionDataKeys.Since]);
        // Failing from the first drifted check; said once the run had lasted 2 s; cleared at the sixth check, 5 s in.
        Assert.Equal(TimeSpan.FromSeconds(2), raised.At - DateTimeOffset.Parse(raised.Data[AttentionDataKeys.Since], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(5), cleared.At - DateTimeOffset.Parse(raised.Data[AttentionDataKeys.Since], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(PurchaseOrderStatus.Shipped, (await PoAsync(engine, "DS-DRIFT")).Status);

        var needs = Data(Assert.Single(Accepted(PlatformEventTypes.NeedsAttention)));
        Assert.Equal(AttentionReasons.ChecksFailing, needs.GetProperty("reason").GetString());
        var since = needs.GetProperty("since").GetDateTimeOffset();
        Assert.Equal(since, Data(Assert.Single(Accepted(PlatformEventTypes.AttentionCleared))).GetProperty("since").GetDateTimeOffset());
        // Seven lookups: five drifted, one readable (clears), one shipped.
        Assert.Equal(7, Lookups(engine, "wps").Count(l => l.Path.EndsWith("/DS-DRIFT", StringComparison.Ordinal)));
        Assert.Empty(await AttentionAsync(engine));
    }
}

/// <summary>A revoked key: the connection flips within one call, the store's monitors stop calling, and eligibility says why.</summary>
public sealed class CredentialsRejectedOnTheEngineTests : SignalsOnTheEngine
{
    [Fact]
    public async Task A_revoked_key_flips_the_connection_within_one_call_and_stops_the_stores_monitors_from_spending_calls()
    {
        await using var engine = await EngineAsync(s =>
        {
            s["Tracking:FirstCheckAfter"] = "01:00:00";
            s["Tracking:DeadlineDays"] = TrackingEngine.Days(TimeSpan.FromSeconds(6));
        });
        const string key = "wps-key-to-be-revoked";
        await engine.App.ConnectAsync("wps", credentials: new() { ["apiToken"] = key });
        Assert.Equal(201, await SubmitItemAsync(engine, "87-3001", "DS-KEY-1", "A1"));
        Assert.Equal(201, await SubmitItemAsync(engine, "87-3002", "DS-KEY-2", "A2"));
        engine.App.Sandbox.Scripts.Revoke(key);

        // One check (the CheckShipment activity's own service) meets the refusal.
        var first = await engine.App.Get<ShipmentTracker>().CheckAsync(engine.App.StoreId, "DS-KEY-1", default);

        Assert.Equal(CheckOutcome.Error, first.Outcome);
        var connection = Http.Read(await engine.App.Get<ConnectionFunctions>().GetConnection(Http.Request("GET"), engine.App.StoreId, "wps")).Body;
        Assert.Equal("CredentialsRejected", connection.GetProperty("status").GetString());
        Assert.Equal("LookUpOrder", connection.GetProperty("credentialsRejected").GetProperty("call").GetString());
        Assert.Contains(connection.GetProperty("history").EnumerateArray(), h => h.GetProperty("type").GetString() == ConnectionChangeTypes.CredentialsRejected);
        await engine.App.DeliverQueuedWebhooksAsync();
        var rejected = Data(Assert.Single(Accepted(PlatformEventTypes.CredentialsRejected)));
        Assert.Equal("LookUpOrder", rejected.GetProperty("call").GetString());
        var entry = Assert.Single(await AttentionAsync(engine));
        Assert.Equal(AttentionReasons.CredentialsRejected, entry.GetProperty("reason").GetString());
        Assert.Equal("Connection", entry.GetProperty("subject").GetString());
        var eligibility = Http.Read(await engine.App.Get<EligibilityFunction>().CheckEligibility(
            Http.Request("POST", Orders.Item(itemId: "A9", parts: new DistributorPartInput("wps", "87-3009"))), engine.App.StoreId)).Body;
        Assert.Contains(eligibility.GetProperty("options")[0].GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == ReasonCodes.CredentialsRejected);

        // Both monitors check now and then every second until the deadline: none of those checks reaches WPS.
        var callsSoFar = engine.App.Sandbox.Requests.For("wps").Count();
        await engine.CheckNowAsync("DS-KEY-1");
        await engine.CheckNowAsync("DS-KEY-2");
        await engine.CompletionAsync("DS-KEY-1", "DS-KEY-2");
        await engine.App.DeliverQueuedWebhooksAsync();

        Assert.Equal(callsSoFar, engine.App.Sandbox.Requests.For("wps").Count());
        // Each checked at once, then every second to the deadline (6 s): seven checks, all paused.
        Assert.Equal(7, engine.Episodes.Keys.Count(e => e.InstanceId == engine.InstanceId("DS-KEY-1")));
        Assert.Single(Accepted(PlatformEventTypes.CredentialsRejected)); // once
        Assert.Equal(PurchaseOrderStatus.TrackingStopped, (await PoAsync(engine, "DS-KEY-2")).Status);
        Assert.DoesNotContain(await TimelineAsync(engine, "DS-KEY-2"), t => t.Type == TimelineEntryTypes.NeedsAttention);
    }
}

/// <summary>A replaced key ends the rejection: the paused monitors call again by themselves.</summary>
public sealed class CredentialsReplacedOnTheEngineTests : SignalsOnTheEngine
{
    [Fact]
    public async Task Replacing_the_rejected_key_resumes_the_paused_monitors_and_clears_the_signal()
    {
        await using var engine = await EngineAsync(s => s["Tracking:FirstCheckAfter"] = "01:00:00");
        const string key = "wps-key-revoked-then-replaced";
        await engine.App.ConnectAsync("wps", credentials: new() { ["apiToken"] = key });
        engine.App.Sandbox.Scripts.Set("87-4001", new PartScript { ShipAfterChecks = 1 });
        Assert.Equal(201, await SubmitItemAsync(engine, "87-4001", "DS-RESUME", "A1"));
        engine.App.Sandbox.Scripts.Revoke(key);
        await engine.App.Get<ShipmentTracker>().CheckAsync(engine.App.StoreId, "DS-RESUME", default);
        var calls = engine.App.Sandbox.Requests.For("wps").Count();
        // The monitor wakes and, while the key is refused, checks every second without calling WPS.
        await engine.CheckNowAsync("DS-RESUME");
        await engine.Time.WhenWaitingAsync(engine.InstanceId("DS-RESUME")); // checked (paused), waiting a second
        await engine.Time.AdvanceAsync(TimeSpan.FromSeconds(1));
        await engine.Time.WhenWaitingAsync(engine.InstanceId("DS-RESUME")); // checked again (paused)
        Assert.Equal(calls, engine.App.Sandbox.Requests.For("wps").Count());

        var saved = Http.Read(await engine.App.Get<ConnectionFunctions>().SaveConnection(
            Http.Request("PUT", new { credentials = new { apiToken = "wps-key-new-and-good" } }), engine.App.StoreId, "wps"));

        Assert.Equal(200, saved.Status);
        Assert.Equal("Active", saved.Body.GetProperty("status").GetString());
        Assert.Empty(await AttentionAsync(engine));
        await engine.CompletionAsync("DS-RESUME");
        Assert.Equal(PurchaseOrderStatus.Shipped, (await PoAsync(engine, "DS-RESUME")).Status);
        var history = Http.Read(await engine.App.Get<ConnectionFunctions>().GetConnection(Http.Request("GET"), engine.App.StoreId, "wps")).Body.GetProperty("history");
        Assert.Contains(history.EnumerateArray(), h => h.GetProperty("message").GetString()!.Contains("rejection is cleared", StringComparison.Ordinal));
    }
}
