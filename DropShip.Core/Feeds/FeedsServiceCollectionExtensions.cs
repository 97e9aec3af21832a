using DropShip.Core.Caching;
using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Feeds.Archive;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Feeds.Runs;
using DropShip.Core.Feeds.Sources;
using DropShip.Core.Feeds.StockIndex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DropShip.Core.Feeds;

public static class FeedsServiceCollectionExtensions
{
    /// <summary>
    /// The feeds slice: options from <c>Feeds</c>, each distributor's feed parser (DistributorModules), FTP/FTPS, SFTP and HTTP sources, the
    /// archive, the stock index (also as <see cref="IStockLookup"/>), the run history and the ingestion service.
    /// The host registers <c>TableServiceClient</c> and <c>BlobServiceClient</c> (shared with the other slices).
    /// </summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<FeedsOptions>(configuration, FeedsOptions.SectionName, FeedsOptions.Problems);
        services.TryAddSingleton(TimeProvider.System);
        DropShipMetrics.AddDropShipMetrics(services);
        services.AddHttpClient(HttpFeedFileSource.HttpClientName);
        services.AddReadCache(configuration); // the stock index's snapshots

        // The same registration as AddDistributor's, so the slice composes alone (FeedsHarness, the benchmark) and with the app.
        foreach (var distributor in DistributorModules.All)
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IDistributorFeed), distributor.Feed));

        services.AddSingleton<IFeedFileSource, FtpFeedFileSource>();
        services.AddSingleton<IFeedFileSource, SftpFeedFileSource>();
        services.AddSingleton<IFeedFileSource, HttpFeedFileSource>();
        services.AddSingleton<FeedFileSources>();
        // Run messages name a distributor as people know it; the registry is the app's, or (feeds composed alone) an
        // empty one whose names are the keys.
        services.TryAddSingleton<DistributorRegistry>();

        services.AddSingleton<FeedArchive>();
        services.AddSingleton<TableStockIndex>();
        services.AddSingleton<IStockLookup>(sp => sp.GetRequiredService<TableStockIndex>());
        services.AddSingleton<StockIndexUpdater>();
        services.AddSingleton<FeedRunHistory>();
        services.AddSingleton<FeedIngestionService>();
        return services;
    }
}
