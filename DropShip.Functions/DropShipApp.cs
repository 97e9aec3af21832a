using DropShip.Core;
using DropShip.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DropShip.Functions;

/// <summary>The whole composition of the worker, in one place: Program.cs runs it and the startup test builds it.</summary>
public static class DropShipApp
{
    public static FunctionsApplicationBuilder ConfigureDropShip(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddApplicationInsightsTelemetryWorkerService();
        builder.Services.ConfigureFunctionsApplicationInsights();
        // Invocation log scope (InvocationId, FunctionName, StoreId, PoNumber, Distributor) and Information logs to App Insights.
        builder.AddDropShipTelemetry();
        // The "DropShip" meter to Application Insights (custom metrics) when a connection string is set.
        builder.Services.AddDropShipMetricsExport(builder.Configuration);
        builder.Services.AddDropShipCore(builder.Configuration);
        builder.Services.AddDropShipFunctions(builder.Configuration);
        builder.Services.AddHostedService<StartupReport>();
        // A registration that cannot be resolved fails the start, not the first request that needs it.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        return builder;
    }
}
