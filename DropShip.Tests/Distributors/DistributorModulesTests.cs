using DropShip.Core.Distributors;
using DropShip.Core.Feeds.Parsing;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Distributors;

/// <summary>The one list of distributors is what every slice gets: adapters, live stock, feed parsers, the registry.</summary>
public sealed class DistributorModulesTests
{
    [Fact]
    public async Task Every_slice_registers_exactly_the_distributors_of_the_one_list()
    {
        await using var app = await TestApp.StartAsync();
        var keys = DistributorModules.All.Select(d => d.Key).Order().ToList();

        Assert.Equal(keys, app.Services.GetServices<IDistributor>().Select(d => d.Profile.Key).Order());
        Assert.Equal(keys, app.Services.GetServices<IDistributorAvailability>().Select(d => d.Distributor).Order());
        Assert.Equal(keys, app.Services.GetServices<IDistributorFeed>().Select(f => f.Distributor).Order());
        Assert.Equal(keys, app.Get<DistributorRegistry>().All.Select(d => d.Profile.Key).Order());
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}
