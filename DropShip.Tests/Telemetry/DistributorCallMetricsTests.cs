using System.Diagnostics.Metrics;
using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Telemetry;

/// <summary>
/// The operator's distributor figures, read in-process from the app's own meter while the adapters talk to the sandbox
/// over real HTTP: one call per adapter exchange with its operation and outcome, rate-limit waits by source, breaker openings.
/// </summary>
public sealed class DistributorCallMetricsTests
{
    [Fact]
    public async Task Every_call_is_counted_with_its_operation_outcome_and_duration_and_names_no_po_or_secret()
    {
        await using var app = await TestApp.StartAsync();
        using var calls = Collect<long>(app, DropShipMetrics.DistributorCallsName);
        using var durations = Collect<double>(app, DropShipMetrics.DistributorCallDurationName);
        var (wps, good) = await app.ConnectAsync(Wps, storeId: "store-" + Guid.NewGuid().ToString("N")[..12]);
        var (_, bad) = await app.ConnectAsync(Wps, invalid: true, storeId: "store-" + Guid.NewGuid().ToString("N")[..12]);
        var po = NewPo();

        Assert.IsType<PlaceOrderResult.Accepted>(await wps.PlaceOrderAsync(good, Order(po, NewPart()), CancellationToken.None));
        await wps.LookUpOrderAsync(good, Placed(po), CancellationToken.None);
        Assert.Equal(VerifyOutcome.InvalidCredentials, (await wps.VerifyAsync(bad, CancellationToken.None)).Outcome);

        var measured = calls.GetMeasurementSnapshot();
        // WPS orders in three calls (cart, item, submit) and looks up in one; ids are replaced, so no PO number is a tag.
        Assert.Equal(
            ["POST wps/carts", "POST wps/carts/{id}/items", "POST wps/orders", "GET wps/orders/{id}", "GET wps/orders/{id}"],
            measured.Select(m => (string)m.Tags[DropShipMetrics.Tags.Operation]!));
        Assert.All(measured, m => Assert.Equal(Wps, m.Tags[DropShipMetrics.Tags.Distributor]));
        Assert.Equal(["success", "success", "success", "success", "credentials_rejected"], measured.Select(m => (string)m.Tags[DropShipMetrics.Tags.Outcome]!));
        Assert.All(measured.SelectMany(m => m.Tags).Select(t => t.Value?.ToString() ?? ""), value =>
        {
            Assert.DoesNotContain(po, value, StringComparison.OrdinalIgnoreCase);
            Assert.All(Secrets, secret => Assert.DoesNotContain(secret, value, StringComparison.Ordinal));
        });
        Assert.Equal(measured.Count, durations.GetMeasurementSnapshot().Count);
        Assert.All(durations.GetMeasurementSnapshot(), d => Assert.True(d.Value >= 0));
    }

    [Fact]
    public async Task A_429_from_the_distributor_and_a_refusal_by_our_own_limit_are_rate_limit_waits_told_apart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(settings =>
        {
            settings[TuckerSection + "PermitsPerSecond"] = "0.1"; // one request per 10 s per credential
            settings[TuckerSection + "RateLimitQueue"] = "0";     // refuse at once rather than wait
        }, clock: clock);
        using var waits = Collect<long>(app, DropShipMetrics.RateLimitedName);
        using var calls = Collect<long>(app, DropShipMetrics.DistributorCallsName);
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var (po, part) = (NewPo(), NewPart("RL"));
        app.Sandbox.Scripts.Set(part, new PartScript { RateLimitedChecks = 1, RetryAfter = TimeSpan.FromSeconds(30) });
        await tucker.PlaceOrderAsync(account, Order(po, part), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10)); // the order spent this window's one call

        Assert.IsType<OrderLookup.RateLimited>(await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None)); // Tucker's 429
        Assert.IsType<OrderLookup.RateLimited>(await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None)); // our limiter

        Assert.Equal(["distributor", "budget"], waits.GetMeasurementSnapshot().Select(m => (string)m.Tags[DropShipMetrics.Tags.Source]!));
        var lookups = calls.GetMeasurementSnapshot().Where(m => (string?)m.Tags[DropShipMetrics.Tags.Operation] == "type=SHP").ToList();
        Assert.Equal(["rate_limited", "rate_limited"], lookups.Select(m => (string)m.Tags[DropShipMetrics.Tags.Outcome]!));
        Assert.Single(app.For(Tucker, po), r => QueryOf(r)["type"] == "SHP"); // the second never left
    }

    [Fact]
    public async Task A_breaker_opening_is_counted_once_and_the_calls_it_refuses_are_breaker_open()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(settings =>
        {
            settings[TuckerSection + "MaxRetryAttempts"] = "0";
            settings[TuckerSection + "PermitsPerSecond"] = "0";
            settings[TuckerSection + "BreakerMinimumThroughput"] = "4";
            settings[TuckerSection + "BreakerFailureRatio"] = "0.5";
            settings[TuckerSection + "BreakerDuration"] = "00:00:05";
        }, services => services.AddSingleton<TimeProvider>(clock));
        using var openings = Collect<long>(app, DropShipMetrics.BreakerOpenedName);
        using var calls = Collect<long>(app, DropShipMetrics.DistributorCallsName);
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var po = NewPo();
        await tucker.PlaceOrderAsync(account, Order(po, NewPart()), CancellationToken.None);
        var failing = NewPart("BOOM");
        app.Sandbox.Scripts.Set(failing, new PartScript { Order = OrderBehavior.ServerError });

        // TRWS answers 500 only to ORD, so the breaker is fed by sending that GET through the lookup client itself.
        var lookupClient = app.Get<IHttpClientFactory>().CreateClient(DistributorHttp.LookupClient(Tucker));
        for (var i = 0; i < 4; i++)
        {
            using var boom = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Sandbox.BaseAddress,
                $"tucker/bin/trws?apikey={Uri.EscapeDataString(TuckerKey)}&cust={TuckerCustomer}&output=JSON&type=ORD&submit=NO&po=X{i}" +
                $"&name=A&address1=B&city=C&state=TX&zip=1&line={failing.Replace("-", "")},1"));
            await DistributorHttp.SendAsync(lookupClient, boom, TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None);
        await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None);

        var opened = Assert.Single(openings.GetMeasurementSnapshot());
        Assert.Equal(Tucker, opened.Tags[DropShipMetrics.Tags.Distributor]);
        var outcomes = calls.GetMeasurementSnapshot().Select(m => (string)m.Tags[DropShipMetrics.Tags.Outcome]!).ToList();
        Assert.Equal(4, outcomes.Count(o => o == "server_error"));
        Assert.Equal(2, outcomes.Count(o => o == "breaker_open"));
    }

    [Theory]
    [InlineData(200, "success")]
    [InlineData(204, "success")]
    [InlineData(400, "rejected")]
    [InlineData(404, "rejected")]
    [InlineData(401, "credentials_rejected")]
    [InlineData(403, "credentials_rejected")]
    [InlineData(429, "rate_limited")]
    [InlineData(408, "server_error")]
    [InlineData(500, "server_error")]
    [InlineData(503, "server_error")]
    public void An_answer_has_one_outcome(int status, string outcome) =>
        Assert.Equal(outcome, DistributorCallMetrics.OutcomeOf((System.Net.HttpStatusCode)status));

    [Theory]
    [InlineData("https://api.wps-inc.com/orders/DS1001-1", "GET orders/{id}")]
    [InlineData("https://api.wps-inc.com/carts/po77/items", "GET carts/{id}/items")]
    [InlineData("https://api.parts-unlimited.com/api/v1/parts/inventory/0101-3337,0101-3338", "GET v1/parts/inventory/{id}")]
    [InlineData("https://api.parts-unlimited.com/api/orders/dropship?purchase_order_number=DS1", "GET api/orders/dropship")]
    public void An_unnamed_operation_is_its_method_and_path_without_ids_or_query(string url, string operation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        Assert.Equal(operation, DistributorCallMetrics.OperationOf(request));
    }

    private static MetricCollector<T> Collect<T>(TestApp app, string instrument) where T : struct =>
        new(app.Get<IMeterFactory>(), DropShipMetrics.MeterName, instrument);
}
