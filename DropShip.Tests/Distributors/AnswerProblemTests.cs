using System.Diagnostics.Metrics;
using DropShip.Core.Common;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Distributors;
using DropShip.Functions.Submission;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Distributors;

/// <summary>
/// Drift in normal operation, through the real composition against Azurite and the sandbox: an answer the adapter cannot
/// fully read is counted, kept for operators (masked) and named on the affected PO's timeline, once; an order answer that
/// cannot be read leaves the PO Unconfirmed after exactly one order call.
/// </summary>
public sealed class AnswerProblemTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(clock: clock);
        await app.ConnectAsync("wps");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<int> SubmitAsync(string po, string part)
    {
        var item = Orders.Item(itemId: po, parts: new DistributorPartInput("wps", part));
        return Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, po)), app.StoreId, app.Durable.Object)).Status;
    }

    private async Task<List<TimelineEntry>> TimelineAsync(string po) => [.. await app.Get<PurchaseOrderStore>().TimelineAsync(app.StoreId, po, default)];

    private MetricCollector<long> Problems() => new(app.Get<IMeterFactory>(), DropShipMetrics.MeterName, DropShipMetrics.AnswerProblemsName);

    [Fact]
    public async Task A_drifted_lookup_of_an_open_po_is_an_answer_problem_at_once_named_once_on_its_timeline_and_kept_masked()
    {
        using var counted = Problems();
        app.Sandbox.Scripts.Set("87-1001", new PartScript { ShipAfterChecks = 3 });
        Assert.Equal(201, await SubmitAsync("DS2001-1", "87-1001"));
        app.Sandbox.Scripts.Variants = new ApiVariants { Drifted = ["wps"] };

        var first = await app.Get<ShipmentTracker>().CheckAsync(app.StoreId, "DS2001-1", default);
        var second = await app.Get<ShipmentTracker>().CheckAsync(app.StoreId, "DS2001-1", default);

        Assert.Equal(CheckOutcome.Error, first.Outcome);
        Assert.Equal(CheckOutcome.Error, second.Outcome);
        // Counted each time, with its distributor and operation.
        Assert.Equal(2, counted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(counted.GetMeasurementSnapshot(), m =>
        {
            Assert.Equal("wps", m.Tags["distributor"]);
            Assert.Equal("order lookup", m.Tags["operation"]);
        });
        // Named once on the PO.
        var named = Assert.Single(await TimelineAsync("DS2001-1"), e => e.Type == TimelineEntryTypes.AnswerProblem);
        Assert.Contains("data.order_details[].tracking_numbers: array expected, found string", named.Message);
        Assert.Equal(PurchaseOrderStatus.Open, (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, "DS2001-1", default))!.Po.Status);
        // Kept for operators through their route: one sample per minute of the same problem, masked.
        var (status, body, raw, _) = Http.Read(await app.Get<AnswerProblemsFunction>().ListAnswerProblems(Http.Request("GET"), "wps"));
        Assert.Equal(200, status);
        var kept = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal("order lookup", kept.GetProperty("operation").GetString());
        Assert.Equal("DS2001-1", kept.GetProperty("poNumber").GetString());
        Assert.Equal(app.StoreId, kept.GetProperty("storeId").GetString());
        Assert.Contains("\"tracking_numbers\":\"<string>\"", kept.GetProperty("shape").GetString());
        foreach (var value in new[] { "Pat", "Springfield", "1Z", "W0", DistributorKit.WpsToken })
            Assert.DoesNotContain(value, kept.GetProperty("shape").GetString());
        Assert.DoesNotContain(DistributorKit.WpsToken, raw);

        // Readable again: the lookup works, nothing more is counted or named.
        app.Sandbox.Scripts.Variants = new ApiVariants();
        Assert.NotEqual(CheckOutcome.Error, (await app.Get<ShipmentTracker>().CheckAsync(app.StoreId, "DS2001-1", default)).Outcome);
        Assert.Equal(2, counted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Single(await TimelineAsync("DS2001-1"), e => e.Type == TimelineEntryTypes.AnswerProblem);
    }

    [Fact]
    public async Task An_order_answer_that_cannot_be_read_stays_unconfirmed_after_one_order_call_and_its_timeline_says_why()
    {
        using var counted = Problems();
        app.Sandbox.Scripts.Variants = new ApiVariants { Drifted = ["wps"] };

        Assert.Equal(202, await SubmitAsync("DS2002-1", "87-1002"));

        Assert.Equal(PurchaseOrderStatus.Unconfirmed, (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, "DS2002-1", default))!.Po.Status);
        var timeline = await TimelineAsync("DS2002-1");
        Assert.Contains(timeline, e => e.Type == TimelineEntryTypes.Unconfirmed);
        Assert.Contains("data.order_number: string expected, found number", Assert.Single(timeline, e => e.Type == TimelineEntryTypes.AnswerProblem).Message);
        Assert.Single(app.Sandbox.Requests.For("wps"), r => r.Method == "POST" && r.Path == "/wps/orders");
        Assert.Equal(1, counted.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task The_latest_problems_are_kept_bounded_per_distributor()
    {
        await using var bounded = await TestApp.StartAsync(s => { s["AnswerProblems:KeptPerDistributor"] = "3"; s["AnswerProblems:SampleEvery"] = "00:00:00"; }, clock: clock);
        var (adapter, account) = await bounded.ConnectAsync(DistributorKit.Automatic);
        var po = DistributorKit.NewPo();
        await adapter.PlaceOrderAsync(account, DistributorKit.Order(po, DistributorKit.NewPart()), default);
        bounded.Sandbox.Scripts.Variants = new ApiVariants { Drifted = [DistributorKit.Automatic] };

        for (var i = 0; i < 5; i++)
        {
            await adapter.LookUpOrderAsync(account, DistributorKit.Placed(po), default);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var latest = await bounded.Get<AnswerProblemLog>().LatestAsync(DistributorKit.Automatic, default);
        Assert.Equal(3, latest.Count);
        Assert.True(latest.Zip(latest.Skip(1)).All(pair => pair.First.At > pair.Second.At), "newest first");
        Assert.All(latest, p => Assert.Equal("header.status: a known code expected, found 'HELD_FOR_REVIEW'", p.Expected));
        Assert.Empty(await bounded.Get<AnswerProblemLog>().LatestAsync(DistributorKit.Wps, default));
    }

    [Fact]
    public async Task The_operators_route_refuses_an_unknown_distributor()
    {
        var (status, body, _, _) = Http.Read(await app.Get<AnswerProblemsFunction>().ListAnswerProblems(Http.Request("GET"), "acme"));
        Assert.Equal(400, status);
        Assert.Equal("distributor", body.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
