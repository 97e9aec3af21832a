using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using DropShip.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace DropShip.Functions.Telemetry;

/// <summary>
/// Sends the "DropShip" meter (<see cref="DropShipMetrics"/>) to Application Insights as custom metrics through
/// OpenTelemetry's MeterProvider and Azure Monitor's metric exporter: the Application Insights worker SDK that carries the
/// logs does not collect System.Diagnostics.Metrics instruments. Without APPLICATIONINSIGHTS_CONNECTION_STRING (locally,
/// in tests) the meter is still collected in-process and nothing is exported. The component has local auth disabled, so
/// the exporter authenticates with the app's managed identity named in APPLICATIONINSIGHTS_AUTHENTICATION_STRING.
/// </summary>
public static class MetricsExport
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>How often metrics are sent; Azure Monitor's alert rules evaluate every 5 to 15 minutes.</summary>
    public static readonly TimeSpan ExportInterval = TimeSpan.FromSeconds(60);

    public static IServiceCollection AddDropShipMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        var credential = CredentialFor(configuration[AuthenticationStringSetting]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["WEBSITE_SITE_NAME"] is { Length: > 0 } site ? site : "DropShip"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DropShipMetrics.MeterName);
                if (string.IsNullOrWhiteSpace(connectionString)) return;
                metrics.AddReader(sp => new PeriodicExportingMetricReader(
                    new AzureMonitorMetricExporter(new AzureMonitorExporterOptions { ConnectionString = connectionString, Credential = credential }),
                    (int)ExportInterval.TotalMilliseconds));
            });
        return services;
    }

    /// <summary>
    /// "ClientId=&lt;id&gt;;Authorization=AAD" (the form the Functions host reads) names the user-assigned identity; no
    /// setting, or one without AAD, means the connection string alone (local auth).
    /// </summary>
    public static TokenCredential? CredentialFor(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString)) return null;
        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase)) return null;
        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
