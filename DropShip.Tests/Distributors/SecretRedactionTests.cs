using System.Net;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Submission;
using DropShip.Core.Tracking;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Distributors;

/// <summary>
/// Tucker's API key travels in the query string and the others' secrets in headers. Drive every path of every adapter
/// (accepted, rejected, ambiguous, slow, unreachable, tracked, verify) and prove no secret, raw or URL-encoded, reached a
/// log line (message, structured values, exception), an exception message, a result message, or any stored table entity.
/// </summary>
public sealed class SecretRedactionTests
{
    /// <summary>Every distributor the tests run, the test-only ones included.</summary>
    private static readonly IReadOnlyList<string> Distributors = TestDistributors.Keys;

    private static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task No_key_or_token_reaches_logs_exceptions_results_or_stored_entities()
    {
        using var closedPort = new ClosedPort();
        // The app and the sandbox share a fake clock: slow distributors are timed out by moving it, not by waiting.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(settings =>
        {
            foreach (var distributor in TestDistributors.Modules)
                settings[$"{distributor.Section}:OrderTimeout"] = OrderTimeout.ToString();
            settings["Distributors:tucker-rocky:AttemptTimeout"] = AttemptTimeout.ToString();
            settings["Distributors:tucker-rocky:MaxRetryAttempts"] = "0"; // one attempt: its time-out is the exception under test
        }, clock: clock);
        var texts = new List<string>();

        foreach (var distributor in Distributors)
        {
            var (adapter, account) = await app.ConnectAsync(distributor);
            texts.Add((await adapter.VerifyAsync(account, CancellationToken.None)).Message);

            // Accepted, then tracked to shipped: PO rows, timeline, shipments, webhook outbox.
            var shipping = NewPart("S");
            app.Sandbox.Scripts.Set(shipping, new PartScript { ShipAfterChecks = 1, Packages = 2 });
            var created = await SubmitAsync(app, distributor, shipping, quantity: 2);
            var po = Assert.IsType<SubmitOutcome.Created>(created).Po.PoNumber;
            var check = await app.Get<ShipmentTracker>().CheckAsync(app.StoreId, po, CancellationToken.None);
            Assert.Equal(CheckOutcome.Shipped, check.Outcome);
            texts.Add(check.Message ?? "");

            // Rejected (audit trail), ambiguous (Unconfirmed + timeline), slow (Unconfirmed), credentials refused (last: the
            // connection is then CredentialsRejected and no longer orders).
            foreach (var behavior in new[] { OrderBehavior.RejectInvalidPart, OrderBehavior.ServerError, OrderBehavior.Slow, OrderBehavior.Unauthorized })
            {
                var part = NewPart(behavior.ToString()[..2]);
                app.Sandbox.Scripts.Set(part, new PartScript { Order = behavior, Delay = TimeSpan.FromHours(1) });
                var outcome = behavior == OrderBehavior.Slow
                    ? await app.WhileHeldAsync(clock, () => SubmitAsync(app, distributor, part), OrderTimeout, held: app.Sandbox.Delays.Held + 1)
                    : await SubmitAsync(app, distributor, part);
                texts.Add(outcome switch
                {
                    SubmitOutcome.Rejected r => r.Message,
                    SubmitOutcome.Unconfirmed u => u.Reason,
                    var other => throw new Xunit.Sdk.XunitException($"{distributor} {behavior}: unexpected {other}"),
                });
            }

            // A bad credential: every answer that comes back is still free of the (bad) secret we sent.
            var (_, bad) = await app.ConnectAsync(distributor, invalid: true, storeId: "store-" + Guid.NewGuid().ToString("N")[..12]);
            texts.Add((await adapter.VerifyAsync(bad, CancellationToken.None)).Message);
        }

        // Unreachable distributor and the raw exceptions .NET and Polly raise around a URL that carries the key.
        texts.AddRange(await UnreachableAsync(closedPort.Port));
        texts.AddRange(await RawExceptionsAsync(app, clock, closedPort.Port));

        var leaks = new List<string>();
        foreach (var record in app.Logs.GetSnapshot())
        {
            var values = new[] { record.Message, record.Exception?.ToString() }
                .Concat(record.StructuredState?.Select(kv => kv.Value) ?? []);
            leaks.AddRange(values.Where(ContainsSecret).Select(v => $"log [{record.Category}]: {v}"));
        }
        leaks.AddRange(texts.Where(ContainsSecret).Select(t => "result/exception: " + t));
        leaks.AddRange((await StoredValuesAsync()).Where(ContainsSecret).Select(v => "stored: " + v));

        Assert.Empty(leaks);
        // The scan saw real traffic, including Tucker URLs (logged without their query).
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("/tucker/bin/trws", StringComparison.Ordinal));
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("[type=ORD]", StringComparison.Ordinal));
    }

    private static bool ContainsSecret(string? text) =>
        text is not null && Secrets.Concat(Distributors.SelectMany(d => Credentials(d, invalid: true).Values).Where(v => v!.StartsWith("invalid-", StringComparison.Ordinal)).Select(v => v!))
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s), WebUtility.UrlEncode(s) })
            .Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase));

    private static async Task<SubmitOutcome> SubmitAsync(TestApp app, string distributor, string part, int quantity = 1)
    {
        var orderId = Guid.NewGuid().ToString("N")[..10];
        var item = Orders.Item(orderId, "A1", new DistributorPartInput(distributor, part)) with { Quantity = quantity };
        return await app.Get<SubmissionService>().SubmitAsync(app.StoreId, Orders.Submit(item, NewPo(), distributor), follow: null, CancellationToken.None);
    }

    /// <summary>Every adapter against a port nobody listens on: lookups, verify and orders all fail without a secret in sight.</summary>
    private static async Task<List<string>> UnreachableAsync(int closedPort)
    {
        var nowhere = $"http://127.0.0.1:{closedPort}/";
        await using var app = await TestApp.StartAsync(settings =>
        {
            foreach (var distributor in TestDistributors.Modules)
            {
                settings[$"{distributor.Section}:BaseUrl"] = nowhere;
                settings[$"{distributor.Section}:RetryBaseDelay"] = "00:00:00.010";
                settings[$"{distributor.Section}:PermitsPerSecond"] = "0"; // retries of refused connections need not be paced here
            }
        });
        var texts = new List<string>();
        foreach (var distributor in Distributors)
        {
            var (adapter, account) = await app.ConnectAsync(distributor);
            texts.Add((await adapter.VerifyAsync(account, CancellationToken.None)).Message);
            texts.Add(Assert.IsType<OrderLookup.Failed>(await adapter.LookUpOrderAsync(account, Placed(NewPo()), CancellationToken.None)).Reason);
            texts.Add((await adapter.PlaceOrderAsync(account, Order(NewPo(), NewPart()), CancellationToken.None)).ToString());
        }
        var leaks = app.Logs.GetSnapshot().SelectMany(r => new[] { r.Message, r.Exception?.ToString() }.Concat(r.StructuredState?.Select(kv => kv.Value) ?? []))
            .Where(ContainsSecret).ToList();
        Assert.Empty(leaks);
        return texts;
    }

    /// <summary>The exceptions the Tucker clients raise with the key in the URL: network failure, caller cancellation, attempt timeout.</summary>
    private static async Task<List<string>> RawExceptionsAsync(TestApp app, FakeTimeProvider clock, int closedPort)
    {
        var factory = app.Get<IHttpClientFactory>();
        var key = Uri.EscapeDataString(TuckerKey);
        var caught = new List<Exception>();

        using (var unreachable = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{closedPort}/bin/trws?apikey={key}&cust=C1&output=JSON&type=INV&item=1"))
            caught.Add(await Assert.ThrowsAnyAsync<HttpRequestException>(() => factory.CreateClient(DistributorHttp.OrderClient(Tucker)).SendAsync(unreachable)));

        var slow = NewPart("SL");
        app.Sandbox.Scripts.Set(slow, new PartScript { Order = OrderBehavior.Slow, Delay = TimeSpan.FromHours(1) });
        var slowOrder = $"tucker/bin/trws?apikey={key}&cust=C1&output=JSON&type=ORD&submit=NO&po=X&name=A&address1=B&city=C&state=TX&zip=1&line={slow.Replace("-", "")},1";
        using (var cancelled = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Sandbox.BaseAddress, slowOrder)))
        using (var hangUp = new CancellationTokenSource())
        {
            var held = app.Sandbox.Delays.Held + 1;
            var sending = factory.CreateClient(DistributorHttp.OrderClient(Tucker)).SendAsync(cancelled, hangUp.Token);
            await app.Sandbox.Delays.WhenHeldAsync(held).WaitAsync(TimeSpan.FromSeconds(30));
            await hangUp.CancelAsync();
            caught.Add(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending));
        }

        // The lookup pipeline's attempt timeout (one attempt here) on the fake clock: Polly's TimeoutRejectedException.
        using (var timedOut = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Sandbox.BaseAddress, slowOrder)))
            caught.Add(await Assert.ThrowsAnyAsync<Polly.Timeout.TimeoutRejectedException>(() => app.WhileHeldAsync(clock,
                () => factory.CreateClient(DistributorHttp.LookupClient(Tucker)).SendAsync(timedOut), AttemptTimeout, held: app.Sandbox.Delays.Held + 1)));

        return caught.Select(e => e.ToString()).ToList();
    }

    /// <summary>Every value of every entity in every table of the test Azurite (all tests' data: the secrets are unique to this class).</summary>
    private static async Task<List<string>> StoredValuesAsync()
    {
        var service = await Azurite.TablesAsync();
        var values = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            try
            {
                await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
                    values.AddRange(entity.Select(kv => $"{table.Name}/{entity.PartitionKey}/{entity.RowKey}/{kv.Key}={kv.Value}"));
            }
            catch (RequestFailedException ex) when (ex.Status == 404) { } // dropped by another test meanwhile
        }
        Assert.Contains(values, v => v.StartsWith("PurchaseOrders/", StringComparison.Ordinal));
        return values;
    }
}
