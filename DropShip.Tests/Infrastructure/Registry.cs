using DropShip.Core;
using DropShip.Core.Distributors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Infrastructure;

/// <summary>The app's one distributor registry, composed as AddDropShipCore composes it, for tests that need no TestApp.</summary>
public static class Registry
{
    private static readonly Lazy<DistributorRegistry> Instance = new(() =>
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" }).Build();
        return new ServiceCollection().AddLogging().AddDropShipCore(configuration).BuildServiceProvider().GetRequiredService<DistributorRegistry>();
    });

    public static DistributorRegistry Distributors => Instance.Value;
}
