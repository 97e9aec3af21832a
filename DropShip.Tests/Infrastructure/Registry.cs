using DropShip.Core;
using DropShip.Core.Distributors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// The tests' distributor registry, composed as TestApp composes it (AddDropShipCore and the test-only distributors of
/// <see cref="TestDistributors"/>), for tests that need no TestApp.
/// </summary>
public static class Registry
{
    private static readonly Lazy<DistributorRegistry> Instance = new(() =>
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" }).Build();
        var services = new ServiceCollection().AddLogging().AddDropShipCore(configuration);
        foreach (var testOnly in TestDistributors.TestOnly) services.AddDistributor(testOnly.Module, configuration);
        return services.BuildServiceProvider().GetRequiredService<DistributorRegistry>();
    });

    public static DistributorRegistry Distributors => Instance.Value;
}
