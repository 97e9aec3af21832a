// Mirrors Microsoft.Azure.Functions.Worker.ApplicationInsights 2.51.0 (Azure/azure-functions-dotnet-worker,
//   src/DotNetWorker.ApplicationInsights/FunctionsApplicationInsightsExtensions.cs: class FunctionsApplicationInsightsExtensions,
//   namespace Microsoft.Azure.Functions.Worker) and Microsoft.ApplicationInsights.WorkerService 2.23.0
//   (ApplicationInsightsExtensions.AddApplicationInsightsTelemetryWorkerService(IServiceCollection), namespace
//   Microsoft.Extensions.DependencyInjection; checked against the 3.2.0 package's XML documentation; the 2.x signature is the same).
// Offline both are no-ops that return the collection unchanged: nothing is sent anywhere.
// Offline API surface: declares only what DropShip.Functions uses. See README.md beside this file.

using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Azure.Functions.Worker
{
    public static class FunctionsApplicationInsightsExtensions
    {
        public static IServiceCollection ConfigureFunctionsApplicationInsights(this IServiceCollection services)
        {
            ArgumentNullException.ThrowIfNull(services);
            return services;
        }
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    public static class ApplicationInsightsExtensions
    {
        public static IServiceCollection AddApplicationInsightsTelemetryWorkerService(this IServiceCollection services)
        {
            ArgumentNullException.ThrowIfNull(services);
            return services;
        }
    }
}
