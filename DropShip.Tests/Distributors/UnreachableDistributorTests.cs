using System.Net;
using System.Net.Sockets;
using DropShip.Core.Distributors;
using DropShip.Tests.Infrastructure;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Distributors;

/// <summary>
/// An order call that cannot have reached the distributor (connection refused, a name that does not resolve) is a clean
/// distributor_unavailable rejection for every distributor: nothing can have been placed, so the reservation is released.
/// Anything after sending (a time-out, a dropped connection) stays Ambiguous: see AdapterOutcomeTests' Slow and Disconnect.
/// </summary>
public sealed class UnreachableDistributorTests
{
    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public async Task A_refused_connection_is_a_clean_unavailable_rejection(string distributor)
    {
        await using var app = await AppAtAsync($"http://127.0.0.1:{ClosedPort()}/");

        var rejected = await PlaceAsync(app, distributor);

        Assert.Equal(RejectionCode.Unavailable, rejected.Code);
        Assert.Contains("nothing", rejected.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public async Task A_host_name_that_does_not_resolve_is_a_clean_unavailable_rejection(string distributor)
    {
        // .test is reserved (RFC 6761): it never resolves.
        await using var app = await AppAtAsync("http://dropship-nowhere.test/");

        var rejected = await PlaceAsync(app, distributor);

        Assert.Equal(RejectionCode.Unavailable, rejected.Code);
    }

    private static async Task<PlaceOrderResult.Rejected> PlaceAsync(TestApp app, string distributor)
    {
        var (adapter, account) = await app.ConnectAsync(distributor);
        return Assert.IsType<PlaceOrderResult.Rejected>(await adapter.PlaceOrderAsync(account, Order(NewPo(), NewPart()), CancellationToken.None));
    }

    /// <summary>An app whose distributors all live at <paramref name="baseUrl"/>.</summary>
    private static Task<TestApp> AppAtAsync(string baseUrl) => TestApp.StartAsync(settings =>
    {
        foreach (var distributor in TestDistributors.Modules) settings[$"{distributor.Section}:BaseUrl"] = baseUrl;
    });

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed: nothing listens there afterwards
    }
}
