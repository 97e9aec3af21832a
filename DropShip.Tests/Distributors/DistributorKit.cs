using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Sandbox.Recording;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Distributors;

/// <summary>Helpers shared by the adapter tests: connect a store, get the adapter and its account, build an order, read what the sandbox recorded.</summary>
internal static class DistributorKit
{
    public const string Wps = "wps", PartsUnlimited = "parts-unlimited", Tucker = "tucker-rocky", Automatic = "automatic";

    /// <summary>Tucker Rocky's settings section, where the resilience and metrics tests set its limits.</summary>
    public const string TuckerSection = "Distributors:" + Tucker + ":";

    /// <summary>
    /// Every test credential follows from the distributor's profile: a secret field's value is "{key}-{field}" and this suffix
    /// (characters that change when URL-encoded, so a leak is found in either form), any other field's is <see cref="AccountNumber"/>.
    /// </summary>
    public const string SecretSuffix = "+Secret/9=";
    public const string AccountNumber = "C100200";

    public const string WpsToken = Wps + "-apiToken" + SecretSuffix;
    public const string PuKey = PartsUnlimited + "-apiKey" + SecretSuffix;
    public const string TuckerKey = Tucker + "-apiKey" + SecretSuffix;
    public const string AutomaticToken = Automatic + "-apiToken" + SecretSuffix;
    public const string TuckerCustomer = AccountNumber;
    public const string PuDealer = AccountNumber;

    /// <summary>Every secret the tests give any distributor of <see cref="TestDistributors"/>.</summary>
    public static IReadOnlyList<string> Secrets => [.. TestDistributors.Keys.SelectMany(key => Credentials(key).Where(c => c.Value!.EndsWith(SecretSuffix, StringComparison.Ordinal)).Select(c => c.Value!))];

    /// <summary>The credentials of <paramref name="distributor"/>, from its profile; <paramref name="invalid"/> makes every secret one the sandbox refuses.</summary>
    public static Dictionary<string, string?> Credentials(string distributor, bool invalid = false) =>
        Registry.Distributors.Find(distributor) is { } adapter
            ? adapter.Profile.CredentialFields.ToDictionary(f => f.Name, f => (string?)(!f.IsSecret ? AccountNumber : invalid ? $"invalid-{f.Name}" : $"{distributor}-{f.Name}{SecretSuffix}"))
            : throw new ArgumentOutOfRangeException(nameof(distributor), distributor, "Not a distributor of TestDistributors.");

    /// <summary>Connects <paramref name="storeId"/> (default the app's store) and returns the adapter with its account.</summary>
    public static async Task<(IDistributor Adapter, DistributorAccount Account)> ConnectAsync(
        this TestApp app, string distributor, bool testMode = false, bool invalid = false, string? storeId = null)
    {
        await app.ConnectAsync(distributor, Credentials(distributor, invalid), testMode, storeId);
        var adapter = app.Get<DistributorRegistry>().Find(distributor)!;
        var account = await app.Get<DistributorConnections>().GetAccountAsync(storeId ?? app.StoreId, adapter, CancellationToken.None);
        return (adapter, account!);
    }

    public static string NewPo() => "PO" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public static string NewPart(string prefix = "P") => $"{prefix}-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";

    public static ShipTo ShipTo() => new()
    {
        Name = "Pat Rider",
        Address1 = "12 Throttle Way",
        Address2 = "Unit 4",
        City = "Springfield",
        State = "IL",
        PostalCode = "62701",
        Country = "US",
        Phone = "555-0100",
        Email = "pat@example.com",
    };

    public static DropShipOrder Order(string po, string part, int quantity = 1, string? shipMethod = null) =>
        new(po, part, quantity, ShipTo(), shipMethod, null);

    public static PlacedOrderRef Placed(string po, IReadOnlyList<string>? orderNumbers = null, DateTimeOffset? submittedAt = null) =>
        new(po, submittedAt ?? DateTimeOffset.UtcNow, orderNumbers ?? []);

    /// <summary>
    /// Runs a distributor call the sandbox will hold (a Slow or PlaceThenStall script) and, once the sandbox holds it,
    /// moves the shared fake clock on by <paramref name="advance"/> (e.g. past the order time limit): no real waiting.
    /// <paramref name="held"/> is how many requests in all the sandbox will have held by then.
    /// </summary>
    public static async Task<T> WhileHeldAsync<T>(this TestApp app, FakeTimeProvider clock, Func<Task<T>> call, TimeSpan advance, int held = 1)
    {
        var running = call();
        // The real-time bound only turns a broken test into a failure instead of a hang; nothing waits on it.
        await app.Sandbox.Delays.WhenHeldAsync(held).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(advance);
        return await running;
    }

    public static Dictionary<string, StringValues> QueryOf(RecordedRequest request) => QueryHelpers.ParseQuery(request.Query);

    /// <summary>The requests the sandbox recorded for one distributor that mention <paramref name="po"/> (path, query or body).</summary>
    public static List<RecordedRequest> For(this TestApp app, string distributor, string po) =>
        app.Sandbox.Requests.For(distributor)
            .Where(r => r.Path.Contains(po, StringComparison.OrdinalIgnoreCase) || r.Body.Contains(po, StringComparison.OrdinalIgnoreCase)
                || QueryOf(r).Values.Any(v => v.Any(x => string.Equals(x, po, StringComparison.OrdinalIgnoreCase))))
            .ToList();
}
