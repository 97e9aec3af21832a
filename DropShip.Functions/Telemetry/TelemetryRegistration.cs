using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DropShip.Functions.Telemetry;

/// <summary>Structured logging for the worker: the invocation scope middleware and the Application Insights log level.</summary>
public static class TelemetryRegistration
{
    /// <summary>
    /// The Application Insights logger provider (Microsoft.ApplicationInsights.WorkerService 2.x), the name its default
    /// filter rule carries.
    /// </summary>
    public static readonly string ApplicationInsightsLoggerProviderName = typeof(Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider).FullName!;

    /// <summary>Categories kept at Warning for Application Insights only, unless configuration says otherwise (per-request HTTP client chatter).</summary>
    public static readonly IReadOnlyList<string> QuietCategories = ["System.Net.Http.HttpClient"];

    /// <summary>
    /// Call in Program.cs after AddApplicationInsightsTelemetryWorkerService/ConfigureFunctionsApplicationInsights:
    /// registers <see cref="InvocationLogScopeMiddleware"/> in the worker pipeline (before the function runs) and lets
    /// Information logs reach Application Insights.
    /// </summary>
    public static FunctionsApplicationBuilder AddDropShipTelemetry(this FunctionsApplicationBuilder builder)
    {
        builder.UseMiddleware<InvocationLogScopeMiddleware>();
        builder.Services.SendInformationLogsToApplicationInsights();
        return builder;
    }

    /// <summary>
    /// The Application Insights SDK adds a filter rule so that its logger provider receives only Warning and above. This
    /// removes that rule, as the Functions isolated-worker guide shows ("Managing log levels"). Application Insights
    /// then follows the app's own log levels (Information by default, or Logging:LogLevel settings), so the
    /// Information logs of DropShip, with their scope properties, reach it. The per-request HttpClient logs stay at
    /// Warning for Application Insights, as host.json sets them for the host.
    /// </summary>
    public static IServiceCollection SendInformationLogsToApplicationInsights(this IServiceCollection services) =>
        services.Configure<LoggerFilterOptions>(options =>
        {
            foreach (var rule in options.Rules.Where(IsApplicationInsightsDefaultRule).ToList())
                options.Rules.Remove(rule);
            foreach (var category in QuietCategories)
            {
                if (!options.Rules.Any(r => IsApplicationInsightsProvider(r.ProviderName) && r.CategoryName == category))
                    options.Rules.Add(new LoggerFilterRule(ApplicationInsightsLoggerProviderName, category, LogLevel.Warning, filter: null));
            }
        });

    private static bool IsApplicationInsightsDefaultRule(LoggerFilterRule rule) =>
        rule.ProviderName == ApplicationInsightsLoggerProviderName && string.IsNullOrEmpty(rule.CategoryName) && rule.Filter is null;

    // "ApplicationInsights" is the provider's alias in configuration (Logging:ApplicationInsights:LogLevel).
    private static bool IsApplicationInsightsProvider(string? providerName) =>
        providerName == ApplicationInsightsLoggerProviderName || providerName == "ApplicationInsights";
}
