using DropShip.Core.Common;
using DropShip.Core.Submission;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Core.Eligibility;

public static class LiveStockRegistration
{
    /// <summary>
    /// Live stock for eligibility and the submit guard: options from "LiveStock" (checked at start), the service and the guard
    /// (answers are kept in the app's one cache). Each distributor's <c>IDistributorAvailability</c> is registered beside its adapter.
    /// </summary>
    public static IServiceCollection AddLiveStock(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<LiveStockOptions>(configuration, LiveStockOptions.Section, LiveStockOptions.Problems);
        services.AddSingleton<LiveStock>();
        services.AddSingleton<StockGuard>();
        return services;
    }
}
