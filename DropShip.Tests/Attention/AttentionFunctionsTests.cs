using DropShip.Core.Attention;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Attention;
using DropShip.Functions.Connections;
using DropShip.Functions.Submission;
using DropShip.Tests.Infrastructure;
using Moq;

namespace DropShip.Tests.Attention;

/// <summary>The dealer's attention list over HTTP: one store's entries, paged, dismissed with a record, bad input a 400.</summary>
public sealed class AttentionFunctionsTests
{
    [Fact]
    public async Task A_po_that_needs_attention_is_listed_with_why_since_and_what_to_do_and_a_dismissal_is_recorded_on_its_timeline()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        Assert.Equal(201, Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Orders.Item(), "DS-ATT")), app.StoreId, app.Durable.Object)).Status);
        var since = DateTimeOffset.UtcNow.AddDays(-1);
        await app.Get<ShipmentTracker>().RaiseAttentionAsync(app.StoreId, "DS-ATT", since, "WPS answered HTTP 500.", default);
        await app.Get<ShipmentTracker>().RaiseAttentionAsync(app.StoreId, "DS-ATT", since, "WPS answered HTTP 500.", default); // a repeated activity

        var list = Http.Read(await app.Get<AttentionFunctions>().ListAttention(Http.Request("GET"), app.StoreId)).Body;
        var entry = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("PurchaseOrder", entry.GetProperty("subject").GetString());
        Assert.Equal("DS-ATT", entry.GetProperty("poNumber").GetString());
        Assert.Equal(AttentionReasons.ChecksFailing, entry.GetProperty("reason").GetString());
        Assert.Equal(since.UtcTicks / TimeSpan.TicksPerMillisecond, entry.GetProperty("since").GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerMillisecond);
        Assert.Contains("HTTP 500", entry.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Western Power Sports", entry.GetProperty("action").GetString(), StringComparison.Ordinal);
        Assert.Single(await app.Get<PurchaseOrderStore>().TimelineAsync(app.StoreId, "DS-ATT", default), e => e.Type == TimelineEntryTypes.NeedsAttention);

        // Another store sees nothing of it, and cannot dismiss it.
        var otherStore = "other-" + app.StoreId;
        Assert.Empty(Http.Read(await app.Get<AttentionFunctions>().ListAttention(Http.Request("GET"), otherStore)).Body.GetProperty("items").EnumerateArray());
        var id = entry.GetProperty("id").GetString()!;
        Assert.Equal(404, Http.Read(await app.Get<AttentionFunctions>().DismissAttention(Http.Request("POST"), otherStore, id)).Status);

        var dismissed = Http.Read(await app.Get<AttentionFunctions>().DismissAttention(Http.Request("POST"), app.StoreId, id));

        Assert.Equal(200, dismissed.Status);
        Assert.Equal(id, dismissed.Body.GetProperty("id").GetString());
        Assert.Empty(Http.Read(await app.Get<AttentionFunctions>().ListAttention(Http.Request("GET"), app.StoreId)).Body.GetProperty("items").EnumerateArray());
        Assert.Single(await app.Get<PurchaseOrderStore>().TimelineAsync(app.StoreId, "DS-ATT", default), e => e.Type == TimelineEntryTypes.AttentionDismissed);
        Assert.Equal(404, Http.Read(await app.Get<AttentionFunctions>().DismissAttention(Http.Request("POST"), app.StoreId, id)).Status);
    }

    [Fact]
    public async Task The_list_pages_with_the_one_page_shape_and_a_dismissed_connection_entry_goes_in_its_history()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var index = app.Get<AttentionIndex>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
            await index.RaiseAsync(app.StoreId, AttentionItem.ForPurchaseOrder($"DS-P{i}", "wps", "Western Power Sports", AttentionReasons.EmailFailed, now, "not sent"), default);
        var connection = AttentionItem.ForConnection("wps", "Western Power Sports", AttentionReasons.WebhookAbandoned, now, "not delivered");
        await index.RaiseAsync(app.StoreId, connection, default);

        var first = Http.Read(await app.Get<AttentionFunctions>().ListAttention(Http.Request("GET", query: "pageSize=3"), app.StoreId)).Body;
        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        var token = first.GetProperty("continuationToken").GetString()!;
        var second = Http.Read(await app.Get<AttentionFunctions>().ListAttention(Http.Request("GET", query: "pageSize=3&continuationToken=" + Uri.EscapeDataString(token)), app.StoreId)).Body;
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.False(second.TryGetProperty("continuationToken", out _));
        // A token is only good for the store it came with.
        Assert.Equal(400, Http.Read(await app.Get<AttentionFunctions>().ListAttention(Http.Request("GET", query: "continuationToken=" + Uri.EscapeDataString(token)), "other-" + app.StoreId)).Status);

        Assert.Equal(200, Http.Read(await app.Get<AttentionFunctions>().DismissAttention(Http.Request("POST"), app.StoreId, connection.Id)).Status);
        var history = Http.Read(await app.Get<ConnectionFunctions>().GetConnection(Http.Request("GET"), app.StoreId, "wps")).Body.GetProperty("history");
        Assert.Contains(history.EnumerateArray(), h => h.GetProperty("type").GetString() == "AttentionDismissed");
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("6F1C2B0A9D8E4F3A2B1C0D9E8F7A6B5C")]
    [InlineData("6f1c2b0a9d8e4f3a2b1c0d9e8f7a6b5")]
    public async Task A_malformed_id_is_a_400_naming_it(string id)
    {
        await using var app = await TestApp.StartAsync();
        var (status, body, _, _) = Http.Read(await app.Get<AttentionFunctions>().DismissAttention(Http.Request("POST"), app.StoreId, id));
        Assert.Equal(400, status);
        Assert.Equal("id", body.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
