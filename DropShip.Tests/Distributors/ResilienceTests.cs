using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Budgets;
using DropShip.Core.Distributors.Wps;
using DropShip.Functions.Health;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Distributors;

/// <summary>
/// The lookup client's pipeline (DistributorResilience) against the sandbox over real HTTP: Retry-After honoured, the
/// per-credential rate limiter, the circuit breaker, and the order client that is never retried. Each test has its own app
/// because each sets its own Distributors:tucker-rocky:* resilience options.
/// </summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task A_burst_of_100_lookups_answered_429_waits_as_told_and_stays_under_the_configured_rate()
    {
        const int permitsPerSecond = 40;
        await using var app = await TestApp.StartAsync(settings =>
        {
            settings[TuckerSection + "PermitsPerSecond"] = permitsPerSecond.ToString();
            settings[TuckerSection + "RateLimitQueue"] = "500";
            settings[TuckerSection + "LookupTimeout"] = "00:00:30";
            // Tiny backoff: a retry that ignored Retry-After would come back within ~0.1 s, not after 1 s.
            settings[TuckerSection + "RetryBaseDelay"] = "00:00:00.020";
        });
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var part = NewPart("RL");
        app.Sandbox.Scripts.Set(part, new PartScript { RateLimitedChecks = 1, RetryAfter = TimeSpan.FromSeconds(1), ShipAfterChecks = 2 });
        var pos = Enumerable.Range(0, 100).Select(_ => NewPo()).ToList();
        var placed = await Task.WhenAll(pos.Select(po => tucker.PlaceOrderAsync(account, Order(po, part), CancellationToken.None)));
        Assert.All(placed, p => Assert.IsType<PlaceOrderResult.Accepted>(p));

        var lookups = await Task.WhenAll(pos.Select(po => tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None)));

        // Every lookup got its 429, waited, retried in-process and found the shipment.
        Assert.All(lookups, lookup => Assert.Single(Assert.IsType<OrderLookup.Found>(lookup).Shipments));
        var checks = app.Sandbox.Requests.For(Tucker).Where(r => QueryOf(r)["type"] == "SHP").ToList();
        Assert.Equal(200, checks.Count);
        foreach (var po in pos)
        {
            var pair = checks.Where(r => QueryOf(r)["po"] == po).Select(r => r.ReceivedAt).Order().ToList();
            Assert.Equal(2, pair.Count);
            // Retry-After: 1 -> the retry arrives at least a second after the 429'd request (lower bound only: never flaky).
            Assert.True(pair[1] - pair[0] >= TimeSpan.FromMilliseconds(950), $"{po} retried after {(pair[1] - pair[0]).TotalMilliseconds} ms");
        }

        // The limiter paces one credential: count requests in every one-second window. Generous bound (2x, for a busy
        // machine that bunches arrivals); unthrottled, the 100 first attempts alone would land within one second.
        var times = checks.Select(r => r.ReceivedAt).Order().ToList();
        var busiest = times.Select((start, i) => times.Skip(i).TakeWhile(t => t - start < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(busiest <= permitsPerSecond * 2, $"{busiest} requests within one second; bound {permitsPerSecond}/s");
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(3), "200 requests at 40/s take about 5 s");
    }

    [Fact]
    public async Task A_429_without_retry_after_is_retried_with_backoff_and_a_long_retry_after_is_handed_back_to_tracking()
    {
        await using var app = await TestApp.StartAsync(settings => settings[TuckerSection + "RetryBaseDelay"] = "00:00:00.020");
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var (backoffPart, longWaitPart) = (NewPart("BO"), NewPart("LW"));
        app.Sandbox.Scripts.Set(backoffPart, new PartScript { RateLimitedChecks = 2, ShipAfterChecks = 3 });
        app.Sandbox.Scripts.Set(longWaitPart, new PartScript { RateLimitedChecks = 1, RetryAfter = TimeSpan.FromSeconds(30) });
        var (backoffPo, longWaitPo) = (NewPo(), NewPo());
        await tucker.PlaceOrderAsync(account, Order(backoffPo, backoffPart), CancellationToken.None);
        await tucker.PlaceOrderAsync(account, Order(longWaitPo, longWaitPart), CancellationToken.None);

        var backoff = await tucker.LookUpOrderAsync(account, Placed(backoffPo), CancellationToken.None);
        var longWait = await tucker.LookUpOrderAsync(account, Placed(longWaitPo), CancellationToken.None);

        // Default MaxRetryAttempts 2: two 429s then the answer, all in one lookup.
        Assert.Single(Assert.IsType<OrderLookup.Found>(backoff).Shipments);
        Assert.Equal(3, app.For(Tucker, backoffPo).Count(r => QueryOf(r)["type"] == "SHP"));
        // Retry-After 30 s > MaxRetryAfter (5 s): no in-process wait; the tracking orchestration waits on a durable timer.
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<OrderLookup.RateLimited>(longWait).RetryAfter);
        Assert.Equal(1, app.For(Tucker, longWaitPo).Count(r => QueryOf(r)["type"] == "SHP"));
    }

    [Fact]
    public async Task The_rate_limiter_is_per_credential_and_its_refusal_is_a_rate_limited_lookup()
    {
        // At the start of a 10 s window, so the two calls of one credential fall in the same one.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(settings =>
        {
            settings[TuckerSection + "PermitsPerSecond"] = "0.1"; // one request per 10 s per credential
            settings[TuckerSection + "RateLimitQueue"] = "0";     // refuse at once rather than wait
        }, clock: clock);
        var (tucker, storeA) = await app.ConnectAsync(Tucker);
        // Another store with the same credentials shares their budget; one with its own credentials has its own.
        var (_, sameCredentials) = await app.ConnectAsync(Tucker, storeId: "store-" + Guid.NewGuid().ToString("N")[..12]);
        var otherStoreId = "store-" + Guid.NewGuid().ToString("N")[..12];
        await app.ConnectAsync(Tucker, new() { ["customerNumber"] = TuckerCustomer, ["apiKey"] = "otherTuckerKey-7" }, storeId: otherStoreId);
        var storeB = (await app.Get<DistributorConnections>().GetAccountAsync(otherStoreId, tucker, CancellationToken.None))!;
        var (poA, poB) = (NewPo(), NewPo());
        await tucker.PlaceOrderAsync(storeA, Order(poA, NewPart()), CancellationToken.None);
        await tucker.PlaceOrderAsync(storeB, Order(poB, NewPart()), CancellationToken.None);
        // The orders were sent at once (never refused or delayed) and counted: each credential's one call of this window is
        // spent, so its lookups wait for the next window.
        Assert.Equal(TimeSpan.FromSeconds(10), Assert.IsType<OrderLookup.RateLimited>(await tucker.LookUpOrderAsync(storeA, Placed(poA), CancellationToken.None)).RetryAfter);
        Assert.IsType<OrderLookup.RateLimited>(await tucker.LookUpOrderAsync(storeB, Placed(poB), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(10));

        var first = await tucker.LookUpOrderAsync(storeA, Placed(poA), CancellationToken.None);
        var second = await tucker.LookUpOrderAsync(storeA, Placed(poA), CancellationToken.None);
        var sameCredentialsLookup = await tucker.LookUpOrderAsync(sameCredentials, Placed(poA), CancellationToken.None);
        var otherStore = await tucker.LookUpOrderAsync(storeB, Placed(poB), CancellationToken.None);

        Assert.IsType<OrderLookup.Found>(first);
        // Refused locally (RateLimiterRejectedException -> Exchange.Refused -> RateLimited): tracking reschedules, nothing sent.
        var limited = Assert.IsType<OrderLookup.RateLimited>(second);
        Assert.Equal(TimeSpan.FromSeconds(10), limited.RetryAfter);
        Assert.IsType<OrderLookup.RateLimited>(sameCredentialsLookup);
        Assert.Equal(1, app.For(Tucker, poA).Count(r => QueryOf(r)["type"] == "SHP"));
        Assert.IsType<OrderLookup.Found>(otherStore);
        // The refusal is expected pacing: logged as information, never as an error.
        var logs = app.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Level == LogLevel.Information && r.Message.Contains(DistributorResilience.RateLimiterRejectedEvent, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task The_breaker_opens_after_repeated_5xx_refuses_without_calling_then_closes_after_its_break()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(settings =>
        {
            settings[TuckerSection + "MaxRetryAttempts"] = "0";  // one attempt per call: the breaker sees each 500 once
            settings[TuckerSection + "PermitsPerSecond"] = "0";  // limiter off: only the breaker is under test
            settings[TuckerSection + "BreakerMinimumThroughput"] = "4";
            settings[TuckerSection + "BreakerFailureRatio"] = "0.5";
            settings[TuckerSection + "BreakerDuration"] = "00:00:05";
        }, services => services.AddSingleton<TimeProvider>(clock));
        var (tucker, account) = await app.ConnectAsync(Tucker);
        var po = NewPo();
        Assert.IsType<PlaceOrderResult.Accepted>(await tucker.PlaceOrderAsync(account, Order(po, NewPart()), CancellationToken.None));
        var failing = NewPart("BOOM");
        app.Sandbox.Scripts.Set(failing, new PartScript { Order = OrderBehavior.ServerError });

        // TRWS answers 500 only to ORD, so the breaker is fed by sending that GET through the lookup client itself.
        var lookupClient = app.Get<IHttpClientFactory>().CreateClient(DistributorHttp.LookupClient(Tucker));
        for (var i = 0; i < 4; i++)
        {
            using var boom = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Sandbox.BaseAddress,
                $"tucker/bin/trws?apikey={Uri.EscapeDataString(TuckerKey)}&cust={TuckerCustomer}&output=JSON&type=ORD&submit=NO&po=X{i}" +
                $"&name=A&address1=B&city=C&state=TX&zip=1&line={failing.Replace("-", "")},1"));
            var answer = await DistributorHttp.SendAsync(lookupClient, boom, TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal(500, (int)Assert.IsType<DistributorHttp.Exchange.Answered>(answer).Status);
        }
        var before = app.Sandbox.Requests.All.Count;

        var whileOpen = await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None);

        // BrokenCircuitException -> Exchange.Refused -> RateLimited (tracking reschedules); nothing reached Tucker.
        Assert.IsType<OrderLookup.RateLimited>(whileOpen);
        Assert.Equal(before, app.Sandbox.Requests.All.Count);
        // Health names the distributor whose breaker is open on this instance, and serves.
        var health = Http.Read(await app.Get<HealthFunction>().Health(Http.Request("GET")));
        Assert.Equal(200, health.Status);
        Assert.Equal([Tucker], health.Body.GetProperty("openCircuits").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(health.Body.GetProperty("degraded").EnumerateArray(), d => d.GetProperty("part").GetString() == "distributor:" + Tucker);

        clock.Advance(TimeSpan.FromSeconds(5));
        var probe = await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None);
        var afterwards = await tucker.LookUpOrderAsync(account, Placed(po), CancellationToken.None);

        // Half-open lets one probe through; its success closes the circuit again.
        Assert.IsType<OrderLookup.Found>(probe);
        Assert.IsType<OrderLookup.Found>(afterwards);
        Assert.Equal(before + 2, app.Sandbox.Requests.All.Count);
        Assert.Empty(Http.Read(await app.Get<HealthFunction>().Health(Http.Request("GET"))).Body.GetProperty("openCircuits").EnumerateArray());
    }

    [Fact]
    public async Task An_attempt_timeout_on_every_attempt_is_a_timed_out_exchange_not_an_exception()
    {
        // Virtual time: each attempt is timed out by moving the shared clock once the sandbox holds it, so the count of
        // attempts does not depend on how busy the machine is.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var attemptTimeout = TimeSpan.FromMilliseconds(200);
        await using var app = await TestApp.StartAsync(settings =>
        {
            settings[TuckerSection + "AttemptTimeout"] = attemptTimeout.ToString();
            settings[TuckerSection + "MaxRetryAttempts"] = "1";
            settings[TuckerSection + "RetryBaseDelay"] = "00:00:00"; // retry at once: no backoff to move the clock through
            settings[TuckerSection + "PermitsPerSecond"] = "0";
        }, clock: clock);
        var slow = NewPart("SL");
        app.Sandbox.Scripts.Set(slow, new PartScript { Order = OrderBehavior.Slow, Delay = TimeSpan.FromHours(1) });
        var client = app.Get<IHttpClientFactory>().CreateClient(DistributorHttp.LookupClient(Tucker));
        // Only ORD can be slow in the sandbox; submit=NO validates and orders nothing.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Sandbox.BaseAddress,
            $"tucker/bin/trws?apikey=k&cust=c&output=JSON&type=ORD&submit=NO&po=SLOW1&name=A&address1=B&city=C&state=TX&zip=1&line={slow.Replace("-", "")},1"));

        var exchange = app.WhileHeldAsync(clock, () => DistributorHttp.SendAsync(client, request, TimeSpan.FromSeconds(10), CancellationToken.None, clock), attemptTimeout);
        await app.Sandbox.Delays.WhenHeldAsync(2).WaitAsync(TimeSpan.FromSeconds(30)); // the retry is held in turn
        clock.Advance(attemptTimeout);

        // Polly's TimeoutRejectedException (not an OperationCanceledException) after both attempts, mapped by SendAsync.
        Assert.IsType<DistributorHttp.Exchange.TimedOut>(await exchange);
        Assert.Equal(2, app.For(Tucker, "SLOW1").Count);
        Assert.IsType<OrderLookup.Failed>(DistributorHttp.LookupProblem("Tucker Rocky", await exchange));
    }

    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public async Task An_order_call_is_never_retried_even_when_the_host_adds_a_standard_resilience_handler_to_every_client(string distributor)
    {
        await using var app = await TestApp.StartAsync(services: services => services.ConfigureHttpClientDefaults(client => client.AddStandardResilienceHandler()));
        var (adapter, account) = await app.ConnectAsync(distributor);
        var (po, part) = (NewPo(), NewPart());
        app.Sandbox.Scripts.Set(part, new PartScript { Order = OrderBehavior.ServerError });

        var result = await adapter.PlaceOrderAsync(account, Order(po, part), CancellationToken.None);

        Assert.IsType<PlaceOrderResult.Ambiguous>(result);
        // WPS: cart, item, submit; the others: one call. The standard handler would have sent the failing call 4 times.
        Assert.Equal(distributor == Wps ? 3 : 1, app.For(distributor, po).Count);
    }

    [Fact]
    public void The_limiter_partition_names_the_store_account_never_the_secret()
    {
        var account = new DistributorAccount("store-a", Tucker, TestMode: false, new Dictionary<string, string>(),
            new Dictionary<string, Core.Common.Secret> { ["apiKey"] = new(TuckerKey) }, new ConnectionDefaults(null, null));
        using var tagged = new HttpRequestMessage(HttpMethod.Get, $"https://api.tucker.com/bin/trws?apikey={TuckerKey}").ForAccount(account);
        using var untagged = new HttpRequestMessage(HttpMethod.Get, "https://api.wps-inc.com/orders/X");
        untagged.Headers.Authorization = new("Bearer", WpsToken);
        using var otherToken = new HttpRequestMessage(HttpMethod.Get, "https://api.wps-inc.com/orders/X");
        otherToken.Headers.Authorization = new("Bearer", "another-token");

        Assert.Equal(CredentialFingerprint.Of(account), DistributorResilience.PartitionOf(tagged));
        Assert.StartsWith("sha256:", DistributorResilience.PartitionOf(tagged));
        Assert.DoesNotContain(TuckerKey, DistributorResilience.PartitionOf(tagged));
        // An adapter that tags nothing still gets a per-credential partition: a hash, not the token.
        Assert.StartsWith("sha256:", DistributorResilience.PartitionOf(untagged));
        Assert.DoesNotContain(WpsToken, DistributorResilience.PartitionOf(untagged));
        Assert.NotEqual(DistributorResilience.PartitionOf(untagged), DistributorResilience.PartitionOf(otherToken));
    }

    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public async Task Each_distributor_gets_its_modules_default_rate_unless_its_section_says_otherwise(string distributor)
    {
        var module = TestDistributors.Module(distributor);
        await using var defaults = await TestApp.StartAsync();
        await using var configured = await TestApp.StartAsync(settings => settings[$"{module.Section}:PermitsPerSecond"] = "7");

        Assert.Equal(module.PermitsPerSecond, defaults.Get<IOptionsMonitor<DistributorResilienceOptions>>().Get(distributor).PermitsPerSecond);
        Assert.Equal(7.0, configured.Get<IOptionsMonitor<DistributorResilienceOptions>>().Get(distributor).PermitsPerSecond);
    }

    [Fact]
    public void Only_WPS_starts_above_the_conservative_rate()
    {
        Assert.Equal(5.0, WpsModule.Module.PermitsPerSecond);
        Assert.All(DistributorModules.All.Where(m => m.Key != Wps), m => Assert.Equal(DistributorResilience.ConservativePermitsPerSecond, m.PermitsPerSecond));
    }

    [Fact]
    public async Task Settings_under_a_former_section_name_still_apply_beneath_the_keys_section()
    {
        await using var app = await TestApp.StartAsync(settings =>
        {
            settings.Remove("Distributors:tucker-rocky:BaseUrl");
            settings["Distributors:Tucker:BaseUrl"] = "http://127.0.0.1:1/former/";
            settings["Distributors:Tucker:PermitsPerSecond"] = "3";
            settings["Distributors:PartsUnlimited:PermitsPerSecond"] = "4";
            settings["Distributors:parts-unlimited:PermitsPerSecond"] = "6";
        });
        var resilience = app.Get<IOptionsMonitor<DistributorResilienceOptions>>();

        Assert.Equal(new Uri("http://127.0.0.1:1/former/"), app.Get<IOptionsMonitor<DistributorEndpointOptions>>().Get(Tucker).BaseUrl);
        Assert.Equal(3.0, resilience.Get(Tucker).PermitsPerSecond);
        Assert.Equal(6.0, resilience.Get(PartsUnlimited).PermitsPerSecond); // the key's section wins
    }
}
