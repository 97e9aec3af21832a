using DropShip.Core.Distributors;
using DropShip.Core.Feeds.Parsing;
using DropShip.Sandbox;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Distributors;

/// <summary>The one list of distributors is what every slice gets: adapters, live stock, feed parsers, the registry, the sandbox.</summary>
public sealed class DistributorModulesTests
{
    [Fact]
    public async Task Every_slice_registers_exactly_the_distributors_of_the_one_list_and_the_tests_test_only_ones()
    {
        await using var app = await TestApp.StartAsync();
        var keys = TestDistributors.Keys.Order().ToList();

        Assert.Equal(keys, app.Services.GetServices<IDistributor>().Select(d => d.Profile.Key).Order());
        Assert.Equal(keys, app.Services.GetServices<IDistributorAvailability>().Select(d => d.Distributor).Order());
        Assert.Equal(keys, app.Services.GetServices<IDistributorFeed>().Select(f => f.Distributor).Order());
        Assert.Equal(keys, app.Get<DistributorRegistry>().All.Select(d => d.Profile.Key).Order());
        Assert.Equal(keys.Count, keys.Distinct().Count());
        // Each distributor's sandbox host is named by the same key, and its settings point the app at it.
        Assert.Equal(keys, app.Sandbox.DistributorSettings.Keys.Select(s => s.Split(':')[1]).Distinct().Order());
    }

    [Fact]
    public void Every_distributor_of_the_app_has_its_emulator_in_the_sandboxs_one_list()
    {
        Assert.Equal(DistributorModules.All.Select(m => m.Key), SandboxEmulators.All.Select(e => e.Distributor));
    }

    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public void A_distributor_has_one_name_its_key(string distributor)
    {
        var module = TestDistributors.Module(distributor);

        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", module.Key);
        Assert.Equal($"Distributors:{module.Key}", module.Section);
        Assert.Equal(module.Key, Registry.Distributors.Find(distributor)!.Profile.Key);
    }
}
