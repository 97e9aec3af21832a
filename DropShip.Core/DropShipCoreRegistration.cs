using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Automatic;
using DropShip.Core.Distributors.PartsUnlimited;
using DropShip.Core.Distributors.Tucker;
using DropShip.Core.Distributors.Wps;
using DropShip.Core.Eligibility;
using DropShip.Core.Feeds;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Storage;
using DropShip.Core.Submission;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DropShip.Core;

/// <summary>The one composition of Core services, used by the Functions app and by the tests alike.</summary>
public static class DropShipCoreRegistration
{
    public static IServiceCollection AddDropShipCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.Configure<SecretsOptions>(configuration.GetSection(SecretsOptions.Section));
        services.Configure<ReadCacheOptions>(configuration.GetSection(ReadCacheOptions.Section));
        services.AddSingleton(sp => CreateTableService(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton(sp => CreateBlobService(sp.GetRequiredService<IOptions<StorageOptions>>().Value));

        // One line per distributor: its adapter and the configuration section of its hosts.
        services.AddDistributor<WpsDistributor>(WpsDistributor.Key, configuration.GetSection("Distributors:Wps"), WpsDistributor.Hosts);
        services.AddDistributor<PartsUnlimitedDistributor>(PartsUnlimitedDistributor.Key, configuration.GetSection("Distributors:PartsUnlimited"), PartsUnlimitedDistributor.Hosts);
        services.AddDistributor<TuckerDistributor>(TuckerDistributor.Key, configuration.GetSection("Distributors:Tucker"), TuckerDistributor.Hosts);
        services.AddDistributor<AutomaticDistributor>(AutomaticDistributor.Key, configuration.GetSection("Distributors:Automatic"), AutomaticDistributor.Hosts);
        services.AddSingleton<DistributorRegistry>();

        // Key Vault (managed identity) when Secrets:KeyVaultUri is set; otherwise the local encrypted table, which warns loudly.
        services.AddSingleton<ICredentialVault>(sp => sp.GetRequiredService<IOptions<SecretsOptions>>().Value.KeyVaultUri is { OriginalString.Length: > 0 } vaultUri
            ? KeyVaultCredentialVault.Create(vaultUri, sp)
            : ActivatorUtilities.CreateInstance<LocalEncryptedCredentialVault>(sp));
        services.AddSingleton<DistributorConnections>();
        services.AddSingleton<PurchaseOrderStore>();
        services.AddSingleton<PurchaseOrderQueries>();
        services.AddSingleton<PoNumberSuggester>();
        services.AddSingleton<EligibilityService>();
        services.AddSingleton<SubmissionService>();
        services.AddFeeds(configuration);

        services.Configure<TrackingOptions>(configuration.GetSection(TrackingOptions.Section));
        services.Configure<PlatformOptions>(configuration.GetSection(PlatformOptions.Section));
        services.AddHttpClient(WebhookOutbox.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<ShipmentTracker>();
        services.AddSingleton<ShipmentNotifier>();
        services.TryAddSingleton<ICustomerEmailSender, EmailNotConfigured>();
        return services;
    }

    /// <summary>
    /// Registers an adapter, its named endpoint options (the distributor's published hosts unless configured otherwise)
    /// and its two HTTP clients (lookups: rate limited per credential, retried, broken; orders: never retried). Resilience
    /// settings come from the same section (DistributorResilienceOptions).
    /// </summary>
    public static IServiceCollection AddDistributor<TDistributor>(this IServiceCollection services, string key, IConfiguration endpoints, DistributorHosts hosts)
        where TDistributor : class, IDistributor
    {
        services.Configure<DistributorEndpointOptions>(key, options =>
        {
            options.BaseUrl = hosts.Production;
            options.TestBaseUrl = hosts.Test;
        });
        services.Configure<DistributorEndpointOptions>(key, endpoints);
        // Lookup client with rate limiter, retries, breaker and attempt timeout; order client never retried (DistributorResilience).
        services.AddDistributorClients(key, endpoints);
        services.AddSingleton<IDistributor, TDistributor>();
        return services;
    }

    private static TableServiceClient CreateTableService(StorageOptions options) =>
        options.ConnectionString is { Length: > 0 } connection ? new TableServiceClient(connection)
        : options.TableServiceUri is { } uri ? new TableServiceClient(uri, new Azure.Identity.DefaultAzureCredential())
        : throw new InvalidOperationException("Configure Storage:ConnectionString (local) or Storage:TableServiceUri (Azure).");

    private static BlobServiceClient CreateBlobService(StorageOptions options) =>
        options.ConnectionString is { Length: > 0 } connection ? new BlobServiceClient(connection)
        : options.BlobServiceUri is { } uri ? new BlobServiceClient(uri, new Azure.Identity.DefaultAzureCredential())
        : throw new InvalidOperationException("Configure Storage:ConnectionString (local) or Storage:BlobServiceUri (Azure).");
}
