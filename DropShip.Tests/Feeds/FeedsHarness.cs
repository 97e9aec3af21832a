using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Archive;
using DropShip.Core.Feeds.Runs;
using DropShip.Core.Feeds.StockIndex;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Feeds;

/// <summary>
/// The feeds slice composed the way Program.cs composes it (AddFeeds over configuration), against Azurite, with its
/// own tables and container, and virtual time.
/// </summary>
public sealed class FeedsHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Morning = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider services;

    public FakeTimeProvider Time { get; }
    public string Container { get; }
    public string StockTable { get; }
    public string RunsTable { get; }
    public TableServiceClient Tables { get; }

    /// <summary>Every Table request the harness's services (and <see cref="Tables"/>) sent.</summary>
    public StorageRequests Requests { get; }
    public BlobServiceClient Blobs { get; }

    private FeedsHarness(ServiceProvider services, FakeTimeProvider time, string container, string stockTable, string runsTable, TableServiceClient tables, BlobServiceClient blobs, StorageRequests requests)
    {
        Requests = requests;
        this.services = services;
        Time = time;
        Container = container;
        StockTable = stockTable;
        RunsTable = runsTable;
        Tables = tables;
        Blobs = blobs;
    }

    /// <param name="settings">Keys under Feeds, e.g. "Sources:wps:Host" = "127.0.0.1".</param>
    public static async Task<FeedsHarness> CreateAsync(IDictionary<string, string?> settings)
    {
        var requests = new StorageRequests();
        var tables = new TableServiceClient(await Azurite.ConnectionStringAsync(), requests.Attach(new TableClientOptions()));
        var blobs = await Azurite.BlobsAsync();
        var container = Azurite.UniqueName("feeds");
        var stock = Azurite.UniqueName("StockIndex");
        var runs = Azurite.UniqueName("FeedRuns");
        var all = new Dictionary<string, string?>
        {
            ["Feeds:Container"] = container,
            ["Feeds:StockIndexTable"] = stock,
            ["Feeds:RunsTable"] = runs,
        };
        foreach (var (key, value) in settings) all["Feeds:" + key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();

        var time = new FakeTimeProvider(Morning);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddSingleton(tables);
        collection.AddSingleton(blobs);
        collection.AddFeeds(configuration);
        return new FeedsHarness(collection.BuildServiceProvider(validateScopes: true), time, container, stock, runs, tables, blobs, requests);
    }

    public static Dictionary<string, string?> Ftp(string distributor, int port, string path, string? inventoryPath = null, string password = Servers.LoopbackFtpServer.Password) => new()
    {
        [$"Sources:{distributor}:Protocol"] = "Ftp",
        [$"Sources:{distributor}:Host"] = "127.0.0.1",
        [$"Sources:{distributor}:Port"] = port.ToString(),
        [$"Sources:{distributor}:Path"] = path,
        [$"Sources:{distributor}:InventoryPath"] = inventoryPath,
        [$"Sources:{distributor}:Username"] = Servers.LoopbackFtpServer.User,
        [$"Sources:{distributor}:Password"] = password,
        [$"Sources:{distributor}:TimeoutSeconds"] = "20",
    };

    public IServiceProvider Services => services;

    public FeedIngestionService Ingestion => services.GetRequiredService<FeedIngestionService>();
    public StockIndexUpdater Updater => services.GetRequiredService<StockIndexUpdater>();
    public TableStockIndex Index => services.GetRequiredService<TableStockIndex>();
    public IStockLookup Lookup => services.GetRequiredService<IStockLookup>();
    public FeedRunHistory History => services.GetRequiredService<FeedRunHistory>();

    public BlobContainerClient ArchiveContainer => Blobs.GetBlobContainerClient(Container);

    public async Task<List<TableEntity>> IndexRowsAsync(string distributor)
    {
        var table = Tables.GetTableClient(StockTable);
        var rows = new List<TableEntity>();
        for (var bucket = 0; bucket < PartKeys.BucketCount; bucket++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartKeys.PartitionKey(distributor, bucket)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter)) rows.Add(row);
        }
        return rows;
    }

    public static string ArchiveBlobName(string distributor, string fileName) =>
        FeedArchive.BlobName(distributor, DateOnly.FromDateTime(Morning.UtcDateTime), fileName);

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
