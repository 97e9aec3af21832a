using DropShip.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DropShip.Core.Caching;

public static class CacheRegistration
{
    /// <summary>The app's one cache and its settings (section "Cache", checked at start); once, however many slices ask.</summary>
    public static IServiceCollection AddReadCache(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ReadCache))) return services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSettings<CacheOptions>(configuration, CacheOptions.Section, (options, section) => CacheOptions.Problems(options, section, configuration));
        services.AddSingleton<ReadCache>();
        return services;
    }
}
