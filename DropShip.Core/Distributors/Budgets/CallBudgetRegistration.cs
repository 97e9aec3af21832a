using DropShip.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly.Telemetry;

namespace DropShip.Core.Distributors.Budgets;

public static class CallBudgetRegistration
{
    /// <summary>The shared budget engine and its table (once), and one distributor's quotas from its section.</summary>
    public static IServiceCollection AddCallBudget(this IServiceCollection services, IConfiguration configuration, string distributor, string section)
    {
        if (!services.Any(d => d.ServiceType == typeof(CallBudget)))
        {
            services.AddSettings<CallBudgetOptions>(configuration, CallBudgetOptions.Section, CallBudgetOptions.Problems);
            services.TryAddSingleton<CallBudget>();
            // Polly logs every refusal of a rate limiter as an Error; a spent budget is the budget working (RateLimited with
            // the time it reopens), so it is logged as Information.
            services.Configure<TelemetryOptions>(telemetry =>
            {
                var severity = telemetry.SeverityProvider;
                telemetry.SeverityProvider = args => args.Event.EventName == "OnRateLimiterRejected" ? ResilienceEventSeverity.Information : severity?.Invoke(args) ?? args.Event.Severity;
            });
        }
        services.AddSettings<DistributorQuotaOptions>(configuration, section, DistributorQuotaOptions.Problems, name: distributor);
        return services;
    }
}
