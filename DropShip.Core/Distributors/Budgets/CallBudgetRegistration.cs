using DropShip.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DropShip.Core.Distributors.Budgets;

public static class CallBudgetRegistration
{
    /// <summary>The shared budget engine and its table (once), and one distributor's quotas from its section.</summary>
    public static IServiceCollection AddCallBudget(this IServiceCollection services, IConfiguration configuration, string distributor, string section)
    {
        if (!services.Any(d => d.ServiceType == typeof(CallBudget)))
        {
            services.AddSettings<CallBudgetOptions>(configuration, CallBudgetOptions.Section, CallBudgetOptions.Problems);
            // Real seconds, whatever clock the app runs on (CallBudget.ClockKey).
            services.TryAddKeyedSingleton(CallBudget.ClockKey, TimeProvider.System);
            services.TryAddSingleton<CallBudget>();
        }
        services.AddSettings<DistributorQuotaOptions>(configuration, section, DistributorQuotaOptions.Problems, name: distributor);
        return services;
    }
}
