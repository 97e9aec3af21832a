using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Sandbox;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Distributors;

/// <summary>
/// Four instances of the app (four compositions on one Azurite table of budgets, one sandbox, one virtual clock) hammer
/// WPS with live-stock and tracking checks for one credential. The sandbox records each request's time and credential
/// (its Authorization header); together the instances never exceed the budget per second, per hour or per day there.
/// </summary>
public sealed class SharedBudgetTests
{
    private const int PerSecond = 5, PerHour = 12, PerDay = 20, Instances = 4, ChecksPerInstance = 6;
    private const string Token = "wpsShared+Token/9=";

    [Fact]
    public async Task Four_instances_together_stay_within_one_credential_s_budget_per_second_hour_and_day_and_orders_are_never_refused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 59, 57, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(clock: clock);
        var table = Azurite.UniqueName("budgets");
        var apps = new List<TestApp>();
        try
        {
            for (var i = 0; i < Instances; i++)
            {
                apps.Add(await TestApp.StartAsync(settings: s =>
                {
                    s["Budgets:Table"] = table; // one deployment: every instance counts in the same table
                    s["Distributors:Wps:PermitsPerSecond"] = PerSecond.ToString();
                    s["Distributors:Wps:PerHour"] = PerHour.ToString();
                    s["Distributors:Wps:PerDay"] = PerDay.ToString();
                    s["Distributors:Wps:RateLimitQueue"] = "0"; // refuse rather than wait for the next second: time moves only here
                    s["LiveStock:Enabled"] = "true";
                    s["Cache:LiveStock"] = "00:00:00";          // every live-stock check goes to WPS
                }, services: TestApp.BudgetOn(clock), clock: clock, sandbox: sandbox));
            }
            var accounts = new List<DistributorAccount>();
            foreach (var app in apps)
            {
                // Each instance its own store, all with one WPS credential.
                accounts.Add((await app.ConnectAsync("wps", credentials: new() { ["apiToken"] = Token })).Account);
            }

            // Seconds 10:59:57-59 (the hour fills up at 12), 11:00:00-01 (the day at 20), 11:00:02 (nothing left today); what
            // a refused check is told: the next second, the next hour, or midnight.
            var midnight = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
            (int Served, DateTimeOffset ReopensAt)[] expected =
            [
                (5, At(10, 59, 58)), (5, At(10, 59, 59)), (2, At(11, 0, 0)), (5, At(11, 0, 1)), (3, midnight), (0, midnight),
            ];
            foreach (var (served, reopensAt) in expected)
            {
                var outcomes = await HammerAsync(apps, accounts);
                // Never more than the window allows; fewer when a leased slice goes unused on a busy machine (lease timing).
                Assert.InRange(outcomes.Count(o => o.Served), served == 0 ? 0 : 1, served);
                // Refused checks are RateLimited until their window reopens, never an error.
                Assert.All(outcomes.Where(o => !o.Served), o => Assert.Equal(reopensAt, o.RetryAfter));
                if (served == 0)
                {
                    var verify = await Wps(apps[0]).VerifyAsync(accounts[0], CancellationToken.None);
                    Assert.Equal(VerifyOutcome.RateLimited, verify.Outcome);
                    Assert.Contains("2026-12-03 00:00:00Z", verify.Message);

                    // An order goes out at once all the same (WPS: cart, item, submit) and is counted.
                    var order = await Wps(apps[1]).PlaceOrderAsync(accounts[1], Order(NewPo(), NewPart()), CancellationToken.None);
                    Assert.IsType<PlaceOrderResult.Accepted>(order);
                }
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            // The next day: an order from one instance takes 3 of the second's 5 calls; that instance's next check waits for
            // its count to be stored, so the four instances then share the 2 calls left.
            clock.SetUtcNow(midnight);
            Assert.IsType<PlaceOrderResult.Accepted>(await Wps(apps[2]).PlaceOrderAsync(accounts[2], Order(NewPo(), NewPart()), CancellationToken.None));
            var first = await CheckAsync(apps[2], accounts[2], 0);
            var rest = await HammerAsync(apps, accounts);
            // At most the 2 calls left; at least one is served. A slice an instance leased for callers that were then served
            // by another's lease goes unused when the machine is busy, so exactly 2 depends on timing; never more does not.
            var nextDay = rest.Count(o => o.Served) + (first.Served ? 1 : 0);
            Assert.InRange(nextDay, 1, PerSecond - 3);

            var requests = sandbox.Requests.For(DistributorKit.Wps).ToList();
            Assert.All(requests, r => Assert.Equal("Bearer " + Token, r.Headers["Authorization"]));
            var budgeted = requests.Where(r => r.Method == "GET").ToList(); // lookups, stock, verify; orders are POSTs
            Assert.All(budgeted.GroupBy(r => Floor(r.ReceivedAt, TimeSpan.FromSeconds(1))), second => Assert.True(second.Count() <= PerSecond, $"{second.Count()} at {second.Key:u}"));
            Assert.All(budgeted.GroupBy(r => Floor(r.ReceivedAt, TimeSpan.FromHours(1))), hour => Assert.True(hour.Count() <= PerHour, $"{hour.Count()} in {hour.Key:u}"));
            Assert.All(budgeted.GroupBy(r => Floor(r.ReceivedAt, TimeSpan.FromDays(1))), day => Assert.True(day.Count() <= PerDay, $"{day.Count()} on {day.Key:u}"));
            // The first day's budget was used exactly (the verify came after it was spent and was refused).
            Assert.True(budgeted.Count(r => r.ReceivedAt < midnight) <= PerDay);
            // Every request of a second, orders included, stays within the second's budget on the second day.
            Assert.True(requests.Count(r => r.ReceivedAt >= midnight) <= PerSecond);
            // Dozens of refusals, and not one logged as an error (Polly would log each at Error).
            Assert.All(apps, app => Assert.DoesNotContain(app.Logs.GetSnapshot(), log => log.Level >= LogLevel.Error));
            Assert.All(apps, app => Assert.DoesNotContain(app.Logs.GetSnapshot(), log => log.Level >= LogLevel.Warning && log.Message.Contains("RateLimiter")));
            Assert.Contains(apps[0].Logs.GetSnapshot(), log => log.Message.Contains("OnRateLimiterRejected"));
        }
        finally
        {
            foreach (var app in apps) await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task On_an_app_clock_that_stands_still_lookups_beyond_a_second_s_permits_wait_for_real_seconds_and_finish()
    {
        // The app's clock never moves (as in every test on a FakeTimeProvider); the budget counts real seconds on its own clock.
        var standing = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton<TimeProvider>(standing));
        var (wps, account) = await app.ConnectAsync(DistributorKit.Wps);
        const int lookups = 2 * PerSecond + 2; // WPS: 5 a second; a third second is needed, and at most 10 wait (RateLimitQueue)

        var answers = await Task.WhenAll(Enumerable.Range(0, lookups).Select(_ => wps.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None)))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(answers, answer => Assert.IsType<OrderLookup.NotFound>(answer));
        var times = app.Sandbox.Requests.For(DistributorKit.Wps).Select(r => r.ReceivedAt).Order().ToList();
        Assert.Equal(lookups, times.Count);
        // Three budget windows: the last permit is given at least one whole real second after the first. The sandbox sees the
        // requests' arrival, not their permits, and the first arrive late by the connection's setup (980 ms was seen under
        // load), so the bound held here is half of that second: a budget that did not wait would send all twelve at once.
        Assert.True(times[^1] - times[0] >= TimeSpan.FromMilliseconds(500), $"{lookups} lookups within {(times[^1] - times[0]).TotalMilliseconds} ms");
        Assert.Equal(standing.Start, standing.GetUtcNow());
        Assert.DoesNotContain(app.Logs.GetSnapshot(), log => log.Level >= LogLevel.Error);
    }

    private static DateTimeOffset At(int hour, int minute, int second) => new(2026, 12, 2, hour, minute, second, TimeSpan.Zero);

    private static IDistributor Wps(TestApp app) => app.Get<DistributorRegistry>().Find(DistributorKit.Wps)!;

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan window) => new(at.UtcTicks - at.UtcTicks % window.Ticks, TimeSpan.Zero);

    /// <summary>Every instance at once: half live-stock checks (eligibility's), half tracking lookups.</summary>
    private static async Task<IReadOnlyList<Outcome>> HammerAsync(IReadOnlyList<TestApp> apps, IReadOnlyList<DistributorAccount> accounts) =>
        await Task.WhenAll(apps.SelectMany((app, i) => Enumerable.Range(0, ChecksPerInstance).Select(n => CheckAsync(app, accounts[i], n))));

    private static async Task<Outcome> CheckAsync(TestApp app, DistributorAccount account, int n)
    {
        var clock = app.Get<TimeProvider>();
        if (n % 2 == 0)
        {
            var live = (await app.Get<LiveStock>().CheckAsync(account, NewPart("LS"), 1, CancellationToken.None))!;
            Assert.True(live.Status is LiveStockStatus.Ok or LiveStockStatus.UnknownPart or LiveStockStatus.RateLimited, $"live stock {live.Status}: {live.Message}");
            return new Outcome(live.Status != LiveStockStatus.RateLimited, live.RetryAfter);
        }
        var lookup = await Wps(app).LookUpOrderAsync(account, new PlacedOrderRef(NewPo(), clock.GetUtcNow(), []), CancellationToken.None);
        return lookup switch
        {
            OrderLookup.RateLimited limited => new Outcome(false, clock.GetUtcNow() + limited.RetryAfter),
            OrderLookup.NotFound => new Outcome(true, null),
            _ => throw new Xunit.Sdk.XunitException($"lookup answered {lookup}"),
        };
    }

    private sealed record Outcome(bool Served, DateTimeOffset? RetryAfter);
}
