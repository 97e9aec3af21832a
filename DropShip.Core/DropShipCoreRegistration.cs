using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DropShip.Core.Attention;
using DropShip.Core.Caching;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Distributors.Budgets;
using DropShip.Core.Eligibility;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Platform;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Storage;
using DropShip.Core.Submission;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core;

/// <summary>The one composition of Core services, used by the Functions app and by the tests alike.</summary>
public static class DropShipCoreRegistration
{
    public static IServiceCollection AddDropShipCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        DropShipMetrics.AddDropShipMetrics(services);
        services.AddSettings<StorageOptions>(configuration, StorageOptions.Section, StorageOptions.Problems);
        services.AddSettings<SecretsOptions>(configuration, SecretsOptions.Section, (options, section) => SecretsOptions.Problems(options, section, configuration));
        services.AddReadCache(configuration);
        services.AddSingleton(sp => CreateTableService(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton(sp => CreateBlobService(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        // Every adapter parse reports answers it cannot fully read here (counted, kept for operators, named on the PO).
        services.AddSettings<AnswerProblemsOptions>(configuration, AnswerProblemsOptions.Section, AnswerProblemsOptions.Problems);
        services.AddSingleton<AnswerProblemLog>();
        services.AddSingleton(sp => CreateQueueService(sp.GetRequiredService<IOptions<StorageOptions>>().Value));

        // Each distributor of the one list: its adapter, its live stock (eligibility and the submit guard), its feed parser
        // and its settings section. DistributorRegistry is what every slice reads.
        foreach (var distributor in DistributorModules.All)
            services.AddDistributor(distributor, configuration);
        services.AddSingleton<DistributorRegistry>();
        services.AddSingleton<DistributorBreakers>();

        // Key Vault (managed identity) when Secrets:KeyVaultUri is set; otherwise the local encrypted table, which warns loudly.
        // Either way every read goes through the app's cache.
        services.AddSingleton<ICredentialVault>(sp => new CachedCredentialVault(sp.GetRequiredService<IOptions<SecretsOptions>>().Value is { UsesKeyVault: true } secrets
            ? KeyVaultCredentialVault.Create(secrets.KeyVaultUri!, sp)
            : ActivatorUtilities.CreateInstance<LocalEncryptedCredentialVault>(sp), sp.GetRequiredService<ReadCache>()));
        services.AddSingleton<AttentionIndex>();
        services.AddSingleton<DistributorConnections>();
        services.AddSingleton<CredentialsWatch>();
        services.AddSingleton<AttentionList>();
        services.AddSingleton<ConnectionProbe>();
        services.AddSingleton<PurchaseOrderStore>();
        services.AddSingleton<PurchaseOrderQueries>();
        services.AddSingleton<PoNumberSuggester>();
        services.AddLiveStock(configuration);
        services.AddSingleton<EligibilityService>();
        services.AddSingleton<SubmissionService>();
        services.AddFeeds(configuration);

        services.AddSettings<TrackingOptions>(configuration, TrackingOptions.Section, TrackingOptions.Problems);
        services.AddSingleton<TrackedPurchaseOrderIndex>();
        services.AddSettings<PlatformOptions>(configuration, PlatformOptions.Section, PlatformOptions.Problems);
        services.AddHttpClient(WebhookOutbox.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new WebhookDeliveryQueue(sp.GetRequiredService<QueueServiceClient>().GetQueueClient(WebhookDeliveryQueue.Name),
            sp.GetRequiredService<ILogger<WebhookDeliveryQueue>>()));
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<ShipmentTracker>();
        services.AddSingleton<ShipmentNotifier>();
        services.TryAddSingleton<ICustomerEmailSender, EmailNotConfigured>();
        return services;
    }

    /// <summary>
    /// Registers everything one distributor brings (<see cref="DistributorModule"/>): its adapter, its live stock port, its
    /// feed parser, its named endpoint options (the distributor's published hosts unless configured otherwise) and its two
    /// HTTP clients (lookups: rate limited per credential, retried, broken; orders: never retried), all configured from
    /// its one section <c>Distributors:{key}</c> (read above its <see cref="DistributorModule.FormerSection"/>, if any).
    /// </summary>
    public static IServiceCollection AddDistributor(this IServiceCollection services, DistributorModule distributor, IConfiguration configuration)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IDistributorAvailability), distributor.Availability));
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IDistributorFeed), distributor.Feed));
        services.AddSettings<DistributorEndpointOptions>(configuration, distributor.Section, DistributorEndpointOptions.Problems, name: distributor.Key, defaults: options =>
        {
            options.BaseUrl = distributor.Hosts.Production;
            options.TestBaseUrl = distributor.Hosts.Test;
            distributor.BindFormerSection(configuration, options);
        });
        // Lookup client with rate limiter, retries, breaker and attempt timeout; order client never retried (DistributorResilience).
        services.AddDistributorClients(distributor, configuration);
        // Its budget per credential (per second, hour, day), shared by every instance.
        services.AddCallBudget(configuration, distributor.Key, distributor.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IDistributor), distributor.Adapter));
        return services;
    }

    private static TableServiceClient CreateTableService(StorageOptions options) =>
        options.ConnectionString is { Length: > 0 } connection ? new TableServiceClient(connection)
        : options.TableServiceUri is { } uri ? new TableServiceClient(uri, new Azure.Identity.DefaultAzureCredential())
        : throw new InvalidOperationException("Configure Storage:ConnectionString (local) or Storage:TableServiceUri (Azure).");

    // Base64 messages: what the Functions queue trigger expects by default (host.json messageEncoding).
    private static QueueServiceClient CreateQueueService(StorageOptions options) =>
        options.ConnectionString is { Length: > 0 } connection ? new QueueServiceClient(connection, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
        : options.QueueServiceUri is { } uri ? new QueueServiceClient(uri, new Azure.Identity.DefaultAzureCredential(), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
        : throw new InvalidOperationException("Configure Storage:ConnectionString (local) or Storage:QueueServiceUri (Azure).");

    private static BlobServiceClient CreateBlobService(StorageOptions options) =>
        options.ConnectionString is { Length: > 0 } connection ? new BlobServiceClient(connection)
        : options.BlobServiceUri is { } uri ? new BlobServiceClient(uri, new Azure.Identity.DefaultAzureCredential())
        : throw new InvalidOperationException("Configure Storage:ConnectionString (local) or Storage:BlobServiceUri (Azure).");
}
