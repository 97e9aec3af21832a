using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Distributors.Automatic;
using DropShip.Core.Distributors.PartsUnlimited;
using DropShip.Core.Distributors.Tucker;
using DropShip.Core.Distributors.Wps;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Archive;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Feeds.Runs;
using DropShip.Tests.Feeds.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace DropShip.Tests.Feeds;

/// <summary>End to end: a real FTP/SFTP/HTTP server on loopback, Azurite for blobs and tables, virtual time.</summary>
public class FeedIngestionTests
{
    private const string WpsPath = "Pricing/WPS_Daily_Combined.csv";

    [Fact]
    public async Task Wps_over_ftp_is_archived_with_its_hash_indexed_and_recorded()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        var content = FeedSamples.Wps(120);
        ftp.Put(WpsPath, content);
        await using var feeds = await FeedsHarness.CreateAsync(FeedsHarness.Ftp(WpsDistributor.Key, ftp.Port, WpsPath));

        var run = Assert.Single(await feeds.Ingestion.IngestAllAsync(CancellationToken.None));

        Assert.True(run.Outcome == FeedRunOutcome.Succeeded, run.Message);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        Assert.Equal((120L, 120L, 0L, sha), (run.RowsRead, run.RowsChanged, run.RejectedLines, run.Sha256));
        Assert.Equal("ftp://127.0.0.1:" + ftp.Port + "/" + WpsPath, run.Source);

        var blob = feeds.ArchiveContainer.GetBlobClient(FeedsHarness.ArchiveBlobName(WpsDistributor.Key, WpsFeed.FileName));
        Assert.Equal("wps/2026/03/02/WPS_Daily_Combined.csv", blob.Name);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(sha, properties.Metadata[FeedArchive.HashMetadata]);
        Assert.Equal("true", properties.Metadata[FeedArchive.IngestedMetadata]);

        Assert.Equal(120, (await feeds.IndexRowsAsync(WpsDistributor.Key)).Count);
        var snapshot = await feeds.Lookup.FindAsync(WpsDistributor.Key, FeedSamples.WpsSku(25), CancellationToken.None);
        Assert.NotNull(snapshot);
        Assert.Equal((FeedSamples.WpsSku(25), 28, true, 35m, 70m, PartAvailability.Available, FeedsHarness.Morning),
            (snapshot.PartNumber, snapshot.Quantity, snapshot.QuantityIsFloor, snapshot.DealerCost, snapshot.Retail, snapshot.Availability, snapshot.AsOf));
        Assert.Null(await feeds.Lookup.FindAsync(WpsDistributor.Key, "NOT-LISTED", CancellationToken.None));

        var page = await feeds.History.ListAsync(new FeedRunQuery(WpsDistributor.Key, 10, null), CancellationToken.None);
        Assert.Equal(FeedRunOutcome.Succeeded, Assert.Single(page.Items).Outcome);
    }

    [Fact]
    public async Task A_same_day_rerun_of_the_same_file_is_unchanged_and_writes_nothing()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put(WpsPath, FeedSamples.Wps(40));
        await using var feeds = await FeedsHarness.CreateAsync(FeedsHarness.Ftp(WpsDistributor.Key, ftp.Port, WpsPath));
        var first = await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);

        feeds.Time.Advance(TimeSpan.FromHours(2));
        var again = await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);

        Assert.True(first.Outcome == FeedRunOutcome.Succeeded, first.Message);
        Assert.Equal(FeedRunOutcome.Unchanged, again.Outcome);
        Assert.Equal((0L, 0L), (again.RowsChanged, again.TableWrites));
        Assert.Equal(first.Sha256, again.Sha256);
        var runs = (await feeds.History.ListAsync(new FeedRunQuery(WpsDistributor.Key, 10, null), CancellationToken.None)).Items;
        Assert.Equal([FeedRunOutcome.Unchanged, FeedRunOutcome.Succeeded], runs.Select(r => r.Outcome));
    }

    [Fact]
    public async Task The_next_day_only_changed_rows_are_written_and_parts_no_longer_listed_become_unavailable()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put(WpsPath, FeedSamples.Wps(100));
        await using var feeds = await FeedsHarness.CreateAsync(FeedsHarness.Ftp(WpsDistributor.Key, ftp.Port, WpsPath));
        await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);

        // Day 2: parts 0-4 dropped, 10-14 repriced, 100-102 new.
        feeds.Time.Advance(TimeSpan.FromDays(1));
        ftp.Put(WpsPath, FeedSamples.Wps(98, i => i is >= 10 and < 15 ? 99m : 10m + i, first: 5));
        var run = await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);

        Assert.True(run.Outcome == FeedRunOutcome.Succeeded, run.Message);
        Assert.Equal((98L, 8L, 5L, 13L), (run.RowsRead, run.RowsChanged, run.RowsMarkedUnavailable, run.TableWrites));
        var dropped = await feeds.Lookup.FindAsync(WpsDistributor.Key, FeedSamples.WpsSku(2), CancellationToken.None);
        Assert.Equal((0, PartAvailability.Unavailable, 12m), (dropped!.Quantity, dropped.Availability, dropped.DealerCost));
        var unchanged = await feeds.Lookup.FindAsync(WpsDistributor.Key, FeedSamples.WpsSku(50), CancellationToken.None);
        Assert.Equal(FeedsHarness.Morning.AddDays(1), unchanged!.AsOf);

        // Day 3, same file again under a new date: nothing to write.
        feeds.Time.Advance(TimeSpan.FromDays(1));
        var quiet = await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);
        Assert.Equal((FeedRunOutcome.Succeeded, 0L, 0L), (quiet.Outcome, quiet.RowsChanged, quiet.TableWrites));
    }

    [Fact]
    public async Task The_drift_guard_refuses_a_file_that_would_remove_most_of_the_catalog()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put(WpsPath, FeedSamples.Wps(100));
        await using var feeds = await FeedsHarness.CreateAsync(FeedsHarness.Ftp(WpsDistributor.Key, ftp.Port, WpsPath));
        await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);

        feeds.Time.Advance(TimeSpan.FromDays(1));
        ftp.Put(WpsPath, FeedSamples.Wps(30, i => 1m)); // a truncated download: 70% of the catalog gone, prices changed
        using var runs = new MetricCollector<long>(feeds.Services.GetRequiredService<IMeterFactory>(), DropShipMetrics.MeterName, DropShipMetrics.FeedRunsName);
        var run = await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);
        var counted = Assert.Single(runs.GetMeasurementSnapshot());
        Assert.Equal(("wps", "rejected_by_drift_guard"), ((string?)counted.Tags[DropShipMetrics.Tags.Distributor], (string?)counted.Tags[DropShipMetrics.Tags.Outcome]));

        Assert.Equal(FeedRunOutcome.RejectedByDriftGuard, run.Outcome);
        Assert.Contains("70 of 100", run.Message);
        Assert.Equal(0, run.TableWrites);
        var kept = await feeds.Lookup.FindAsync(WpsDistributor.Key, FeedSamples.WpsSku(80), CancellationToken.None);
        Assert.Equal((PartAvailability.Available, 90m), (kept!.Availability, kept.DealerCost));
        var notRepriced = await feeds.Lookup.FindAsync(WpsDistributor.Key, FeedSamples.WpsSku(3), CancellationToken.None);
        Assert.Equal(13m, notRepriced!.DealerCost);

        // The rejected content is not marked applied: the same file again is rejected again, not "Unchanged".
        var again = await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);
        Assert.Equal(FeedRunOutcome.RejectedByDriftGuard, again.Outcome);
    }

    [Fact]
    public async Task Malformed_lines_and_duplicates_are_reported_with_line_numbers_in_the_run_history()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put(WpsPath, FeedSamples.WpsHeader + "\n" +
            "10-0001,ok,20.00,10.00,,STK,1,0,0,0,0,0,0,1\n" +
            "10-0002,bad,20.00,n/a-price,,STK,1,0,0,0,0,0,0,1\n" +
            "10-0001,dup,20.00,11.00,,STK,1,0,0,0,0,0,0,1\n" +
            "10-0003,ok,20.00,10.00,,STK,1,0,0,0,0,0,0,1\n");
        await using var feeds = await FeedsHarness.CreateAsync(FeedsHarness.Ftp(WpsDistributor.Key, ftp.Port, WpsPath));

        await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);

        var run = Assert.Single((await feeds.History.ListAsync(new FeedRunQuery(WpsDistributor.Key, 5, null), CancellationToken.None)).Items);
        Assert.Equal((FeedRunOutcome.Succeeded, 4L, 2L, 2L), (run.Outcome, run.RowsRead, run.RowsChanged, run.RejectedLines));
        Assert.Equal([3L, 4L], run.RejectedSamples.Select(s => s.LineNumber));
        Assert.Contains("duplicate", run.RejectedSamples[1].Reason);
        Assert.Equal(10m, (await feeds.Lookup.FindAsync(WpsDistributor.Key, "10-0001", CancellationToken.None))!.DealerCost);
    }

    [Fact]
    public async Task Tucker_item_master_and_inventory_come_over_ftp_as_one_run()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put("tucker/itemmstrnew", FeedSamples.TuckerItem("123456", ' ', "12.50", "24.99") + "\n" + FeedSamples.TuckerItem("234567", 'C', "3.00", "5.99") + "\n", Encoding.Latin1);
        ftp.Put("tucker/invupd", "123456,9\n234567,1\n");
        await using var feeds = await FeedsHarness.CreateAsync(FeedsHarness.Ftp(TuckerDistributor.Key, ftp.Port, "tucker/itemmstrnew", "tucker/invupd"));

        var run = await feeds.Ingestion.IngestAsync(TuckerDistributor.Key, CancellationToken.None);

        Assert.True(run.Outcome == FeedRunOutcome.Succeeded, run.Message);
        Assert.Equal(["itemmstrnew", "invupd"], run.Files);
        var part = await feeds.Lookup.FindAsync(TuckerDistributor.Key, "123456", CancellationToken.None);
        Assert.Equal((9, true, 12.50m), (part!.Quantity, part.QuantityIsFloor, part.DealerCost));
        Assert.Equal(PartAvailability.Closeout, (await feeds.Lookup.FindAsync(TuckerDistributor.Key, "234567", CancellationToken.None))!.Availability);
        Assert.True(await feeds.ArchiveContainer.GetBlobClient("tucker-rocky/2026/03/02/invupd").ExistsAsync());
    }

    [Fact]
    public async Task Automatic_reads_a_configured_ftp_csv_with_configured_columns()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put("out/stock.csv", "Item,Avail,Net,MSRP\nAD-1,4,2.50,5.00\nAD-2,0,1.00,2.00\n");
        var settings = FeedsHarness.Ftp(AutomaticDistributor.Key, ftp.Port, "out/stock.csv");
        settings["Sources:automatic:Columns:PartNumber"] = "Item";
        settings["Sources:automatic:Columns:Quantity"] = "Avail";
        settings["Sources:automatic:Columns:DealerCost"] = "Net";
        settings["Sources:automatic:Columns:Retail"] = "MSRP";
        await using var feeds = await FeedsHarness.CreateAsync(settings);

        var run = await feeds.Ingestion.IngestAsync(AutomaticDistributor.Key, CancellationToken.None);

        Assert.True(run.Outcome == FeedRunOutcome.Succeeded, run.Message);
        Assert.Equal(["stock.csv"], run.Files);
        var part = await feeds.Lookup.FindAsync(AutomaticDistributor.Key, "ad-1", CancellationToken.None);
        Assert.Equal((4, 2.50m, 5.00m), (part!.Quantity, part.DealerCost, part.Retail));
    }

    [Fact]
    public async Task Parts_unlimited_zip_over_http_with_basic_auth_is_called_at_most_twice_a_day()
    {
        await using var http = await PriceFileHttpServer.StartAsync();
        http.Zip = FeedSamples.Zip("BasePriceFile.csv", FeedSamples.PartsUnlimitedBasePriceFile(
            "01013337,0101-3337,S,Helmet,100.00,99.95,60.10,Y,N,10+,N/A,3,0,0,13+"));
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["Sources:parts-unlimited:Protocol"] = "Http",
            ["Sources:parts-unlimited:Host"] = "127.0.0.1",
            ["Sources:parts-unlimited:Port"] = http.Port.ToString(),
            ["Sources:parts-unlimited:Username"] = PriceFileHttpServer.User,
            ["Sources:parts-unlimited:Password"] = PriceFileHttpServer.Password,
        });

        var first = await feeds.Ingestion.IngestAsync(PartsUnlimitedDistributor.Key, CancellationToken.None);
        feeds.Time.Advance(TimeSpan.FromHours(1));
        var second = await feeds.Ingestion.IngestAsync(PartsUnlimitedDistributor.Key, CancellationToken.None);
        feeds.Time.Advance(TimeSpan.FromHours(1));
        var third = await feeds.Ingestion.IngestAsync(PartsUnlimitedDistributor.Key, CancellationToken.None);

        Assert.True(first.Outcome == FeedRunOutcome.Succeeded, first.Message);
        Assert.Equal(FeedRunOutcome.Unchanged, second.Outcome);
        Assert.Equal(FeedRunOutcome.SkippedDailyLimit, third.Outcome);
        Assert.False(third.SourceCalled);
        Assert.Equal((2, 0), (http.Calls, http.Unauthorized));
        var helmet = await feeds.Lookup.FindAsync(PartsUnlimitedDistributor.Key, "0101-3337", CancellationToken.None);
        Assert.Equal((13, true, 60.10m, 99.95m), (helmet!.Quantity, helmet.QuantityIsFloor, helmet.DealerCost, helmet.Map));
        Assert.True(await feeds.ArchiveContainer.GetBlobClient("parts-unlimited/2026/03/02/pricefile.zip").ExistsAsync());

        // A rolling 24 hours: the next morning the allowance is back.
        feeds.Time.Advance(TimeSpan.FromHours(23));
        var nextDay = await feeds.Ingestion.IngestAsync(PartsUnlimitedDistributor.Key, CancellationToken.None);
        Assert.Equal(FeedRunOutcome.Succeeded, nextDay.Outcome);
        Assert.Equal(3, http.Calls);
    }

    [Fact]
    public async Task One_distributors_server_down_fails_that_run_only_and_never_leaks_the_password()
    {
        await using var ftp = await LoopbackFtpServer.StartAsync();
        ftp.Put(WpsPath, FeedSamples.Wps(10));
        ftp.Put("tucker/itemmstrnew", FeedSamples.TuckerItem("123456", ' ', "12.50", "24.99") + "\n");
        ftp.Put("tucker/invupd", "123456,3\n");
        ftp.Put("auto/inventory.csv", "part_number,quantity\nAD-1,3\n");
        var settings = FeedsHarness.Ftp(WpsDistributor.Key, ftp.Port, WpsPath);
        foreach (var (k, v) in FeedsHarness.Ftp(TuckerDistributor.Key, FreePort.Next(), "tucker/itemmstrnew", "tucker/invupd", password: "tucker-secret-pw")) settings[k] = v; // nothing listens there
        foreach (var (k, v) in FeedsHarness.Ftp(AutomaticDistributor.Key, ftp.Port, "auto/inventory.csv", password: "wrong-password-xyz")) settings[k] = v;
        await using var feeds = await FeedsHarness.CreateAsync(settings);

        var runs = (await feeds.Ingestion.IngestAllAsync(CancellationToken.None)).ToDictionary(r => r.Distributor);

        Assert.Equal(FeedRunOutcome.Succeeded, runs[WpsDistributor.Key].Outcome);
        Assert.Equal(FeedRunOutcome.Failed, runs[TuckerDistributor.Key].Outcome);
        Assert.Equal(FeedRunOutcome.Failed, runs[AutomaticDistributor.Key].Outcome);
        Assert.Contains("530", runs[AutomaticDistributor.Key].Message);
        foreach (var distributor in new[] { TuckerDistributor.Key, AutomaticDistributor.Key })
        {
            var stored = Assert.Single((await feeds.History.ListAsync(new FeedRunQuery(distributor, 5, null), CancellationToken.None)).Items);
            Assert.Equal(FeedRunOutcome.Failed, stored.Outcome);
            var everything = System.Text.Json.JsonSerializer.Serialize(stored);
            Assert.DoesNotContain("tucker-secret-pw", everything);
            Assert.DoesNotContain("wrong-password-xyz", everything);
        }
        Assert.NotNull(await feeds.Lookup.FindAsync(WpsDistributor.Key, FeedSamples.WpsSku(1), CancellationToken.None));
    }

    [Fact]
    public async Task Sftp_source_downloads_with_a_private_key_and_a_pinned_host_key()
    {
        await using var sftp = await LoopbackSftpServer.StartAsync();
        sftp.Put("WPS_Daily_Combined.csv", FeedSamples.Wps(15));
        var settings = new Dictionary<string, string?>
        {
            ["Sources:wps:Protocol"] = "Sftp",
            ["Sources:wps:Host"] = "127.0.0.1",
            ["Sources:wps:Port"] = sftp.Port.ToString(),
            ["Sources:wps:Path"] = Path.Combine(sftp.Root, "WPS_Daily_Combined.csv"),
            ["Sources:wps:Username"] = sftp.User,
            ["Sources:wps:PrivateKey"] = sftp.ClientPrivateKey,
            ["Sources:wps:HostKeySha256"] = sftp.HostKeySha256,
        };
        await using var feeds = await FeedsHarness.CreateAsync(settings);

        var run = await feeds.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);

        Assert.True(run.Outcome == FeedRunOutcome.Succeeded, run.Message + "\n" + sftp.Errors());
        Assert.Equal(15, run.RowsChanged);
        Assert.StartsWith("sftp://127.0.0.1:", run.Source);

        settings["Sources:wps:HostKeySha256"] = Convert.ToBase64String(new byte[32]).TrimEnd('=');
        await using var pinnedElsewhere = await FeedsHarness.CreateAsync(settings);
        var refused = await pinnedElsewhere.Ingestion.IngestAsync(WpsDistributor.Key, CancellationToken.None);
        Assert.Equal(FeedRunOutcome.Failed, refused.Outcome);
        Assert.DoesNotContain("PRIVATE KEY", refused.Message);
    }
}
