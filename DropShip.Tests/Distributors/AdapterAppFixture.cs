using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Distributors;

/// <summary>
/// One app (Azurite + in-process sandbox) shared by the tests of a class. Tests keep apart by unique PO and part numbers
/// (scripts are per part), and use their own store id when they change a connection's mode.
/// Order calls time out after 2.5 s (room for a first call on a busy machine) so the "slow distributor" cases stay quick.
/// </summary>
public sealed class AdapterAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(2.5);

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TestApp.StartAsync(settings =>
    {
        foreach (var section in new[] { "Wps", "PartsUnlimited", "Tucker", "Automatic" })
            settings[$"Distributors:{section}:OrderTimeout"] = OrderTimeout.ToString();
    });

    public async Task DisposeAsync() => await App.DisposeAsync();
}
