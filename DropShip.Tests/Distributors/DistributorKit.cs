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

    // Distinctive values, with characters that change when URL-encoded, so a leak is found in either form.
    public const string WpsToken = "wpsTok+Secret/1=";
    public const string PuKey = "puKey+Secret/2=";
    public const string TuckerKey = "tuckerKey+Secret/3=";
    public const string AutomaticToken = "autoTok+Secret/4=";
    public const string TuckerCustomer = "C100200";
    public const string PuDealer = "D12345";

    public static IReadOnlyList<string> Secrets => [WpsToken, PuKey, TuckerKey, AutomaticToken];

    public static Dictionary<string, string?> Credentials(string distributor, bool invalid = false) => distributor switch
    {
        Wps => new() { ["apiToken"] = invalid ? "invalid-token" : WpsToken },
        PartsUnlimited => new() { ["dealerNumber"] = PuDealer, ["apiKey"] = invalid ? "invalid-key" : PuKey },
        Tucker => new() { ["customerNumber"] = TuckerCustomer, ["apiKey"] = invalid ? "invalid-key" : TuckerKey },
        Automatic => new() { ["apiToken"] = invalid ? "invalid-token" : AutomaticToken },
        _ => throw new ArgumentOutOfRangeException(nameof(distributor)),
    };

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
