using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Distributors;

/// <summary>
/// One app (Azurite + in-process sandbox) shared by the tests of a class. Tests keep apart by unique PO and part numbers
/// (scripts are per part), and use their own store id when they change a connection's mode. The app and the sandbox share
/// one fake clock, so a distributor that never answers costs no real time: a test moves <see cref="Clock"/> past
/// <see cref="OrderTimeout"/> once the sandbox holds the call (DistributorKit.WhileHeldAsync). The per-credential rate
/// limiter is off: pacing is ResilienceTests' subject, not these tests'.
/// </summary>
public sealed class AdapterAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(30);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TestApp.StartAsync(settings =>
    {
        foreach (var distributor in TestDistributors.Modules)
        {
            settings[$"{distributor.Section}:OrderTimeout"] = OrderTimeout.ToString();
            settings[$"{distributor.Section}:PermitsPerSecond"] = "0";
        }
    }, clock: Clock);

    public async Task DisposeAsync() => await App.DisposeAsync();
}
