using System.Security.Cryptography;
using System.Text;
using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Feeds.Archive;
using DropShip.Core.Feeds.Parsing;
using DropShip.Core.Feeds.Runs;
using DropShip.Core.Feeds.Sources;
using DropShip.Core.Feeds.StockIndex;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Feeds;

/// <summary>
/// The morning ingestion: for each configured distributor, download the file(s), archive them raw with their hash,
/// parse them streaming and apply the changes to the stock index, recording the run. One distributor's failure is
/// recorded and never stops the others. Re-running a day is harmless: the same content is recognised by its hash.
/// </summary>
public sealed class FeedIngestionService(
    IOptions<FeedsOptions> options,
    IEnumerable<IDistributorFeed> feeds,
    FeedFileSources sources,
    FeedArchive archive,
    StockIndexUpdater updater,
    FeedRunHistory history,
    DistributorRegistry distributors,
    TimeProvider time,
    DropShipMetrics metrics,
    ILogger<FeedIngestionService> logger)
{
    private readonly Dictionary<string, IDistributorFeed> feedsByDistributor = feeds.ToDictionary(f => f.Distributor, StringComparer.Ordinal);

    /// <summary>The distributors with an enabled entry under <c>Feeds:Sources</c> and a known feed.</summary>
    public IReadOnlyList<string> ConfiguredDistributors() =>
        options.Value.Sources.Where(s => s.Value.Enabled && feedsByDistributor.ContainsKey(s.Key)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>Ingests every configured distributor, one after the other, each isolated from the others' failures.</summary>
    public async Task<IReadOnlyList<FeedRun>> IngestAllAsync(CancellationToken cancellationToken)
    {
        foreach (var unknown in options.Value.Sources.Keys.Where(k => !feedsByDistributor.ContainsKey(k)))
            logger.LogWarning("Feeds:Sources:{Distributor} is configured but no feed is known by that name; ignored.", unknown);
        var runs = new List<FeedRun>();
        foreach (var distributor in ConfiguredDistributors())
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.Add(await IngestAsync(distributor, cancellationToken));
        }
        return runs;
    }

    /// <summary>Ingests one distributor. Never throws for a feed problem: the outcome is in the returned run.</summary>
    public async Task<FeedRun> IngestAsync(string distributor, CancellationToken cancellationToken)
    {
        if (!feedsByDistributor.TryGetValue(distributor, out var feed))
            throw new ArgumentException($"No feed is known for distributor '{distributor}'.", nameof(distributor));
        var configured = options.Value.Sources.GetValueOrDefault(distributor)
            ?? throw new ArgumentException($"Feeds:Sources:{distributor} is not configured.", nameof(distributor));
        var source = configured.WithDefaults(feed.Defaults);
        var files = feed.Files(source);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var run = new FeedRun(distributor, startedAt, FeedRunOutcome.Running, files.Select(f => f.Name).ToList(),
            source.Describe(files[0].RemotePath), null, 0, 0, 0, 0, 0, 0, [], TimeSpan.Zero, null, SourceCalled: false);

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Distributor"] = distributor });
        try
        {
            if (source.MaxDownloadsPerDay is { } allowance)
            {
                var used = await history.CountSourceCallsSinceAsync(distributor, startedAt.AddDays(-1), cancellationToken);
                if (used >= allowance)
                {
                    run = run with
                    {
                        Outcome = FeedRunOutcome.SkippedDailyLimit,
                        Message = $"{distributors.DisplayNameOf(distributor)} allows {allowance} downloads a day and {used} were made in the last 24 hours; the source was not called.",
                    };
                    return await FinishAsync(run, started, cancellationToken);
                }
            }

            // Recorded before the download so a crash mid-run still counts against a daily allowance.
            run = run with { SourceCalled = true };
            await history.SaveAsync(run, cancellationToken);

            var day = DateOnly.FromDateTime(startedAt.UtcDateTime);
            var archived = new List<ArchivedFile>(files.Count);
            foreach (var file in files)
            {
                await using var download = await sources.OpenReadAsync(source, file.RemotePath, cancellationToken);
                archived.Add(await archive.StoreAsync(distributor, day, file.Name, download, cancellationToken));
            }
            run = run with { Sha256 = CombinedHash(archived), Bytes = archived.Sum(a => a.Length) };

            if (archived.All(a => a.AlreadyIngested))
            {
                run = run with { Outcome = FeedRunOutcome.Unchanged, Message = "The same content was already applied today." };
                return await FinishAsync(run, started, cancellationToken);
            }

            var rejected = new RejectedLines();
            var feedFiles = archive.Open(archived);
            var update = await updater.UpdateAsync(distributor, r => feed.Parse(feedFiles, source, r), rejected, startedAt,
                source.MaxRemovedShare ?? options.Value.MaxRemovedShare, cancellationToken);
            run = run with
            {
                RowsRead = update.RecordsRead + rejected.Count,
                RowsChanged = update.RowsChanged,
                RowsMarkedUnavailable = update.MarkedUnavailable,
                TableWrites = update.TableWrites,
                RejectedLines = rejected.Count,
                RejectedSamples = rejected.Samples,
            };
            if (update.DriftRejection is { } reason)
            {
                logger.LogWarning("Feed of {Distributor} rejected by the drift guard: {Reason}", distributor, reason);
                run = run with { Outcome = FeedRunOutcome.RejectedByDriftGuard, Message = reason };
                return await FinishAsync(run, started, cancellationToken);
            }

            foreach (var file in archived) await archive.MarkIngestedAsync(file, cancellationToken);
            run = run with
            {
                Outcome = FeedRunOutcome.Succeeded,
                Message = rejected.Count > 0 ? $"{rejected.Count} line(s) rejected; see the samples." : null,
            };
            return await FinishAsync(run, started, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The message is redacted: a library may echo what it was given.
            var message = source.Redact(e is FeedSourceException or FeedFormatException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            logger.LogError("Feed of {Distributor} failed: {Message}", distributor, message);
            run = run with { Outcome = FeedRunOutcome.Failed, Message = message };
            metrics.FeedRun(distributor, run.Outcome);
            try
            {
                return await FinishAsync(run, started, CancellationToken.None);
            }
            catch (Exception recordFailure)
            {
                logger.LogError("Could not record the failed feed run of {Distributor}: {Message}", distributor, source.Redact(recordFailure.Message));
                return run;
            }
        }
    }

    private async Task<FeedRun> FinishAsync(FeedRun run, long started, CancellationToken cancellationToken)
    {
        run = run with { Duration = time.GetElapsedTime(started) };
        if (run.Outcome != FeedRunOutcome.Failed) metrics.FeedRun(run.Distributor, run.Outcome);
        await history.SaveAsync(run, cancellationToken);
        logger.LogInformation(
            "Feed {Distributor}: {Outcome} in {Duration}; {RowsRead} rows read, {RowsChanged} changed, {Unavailable} marked unavailable, {Rejected} rejected.",
            run.Distributor, run.Outcome, run.Duration, run.RowsRead, run.RowsChanged, run.RowsMarkedUnavailable, run.RejectedLines);
        return run;
    }

    private static string CombinedHash(IReadOnlyList<ArchivedFile> files) =>
        files.Count == 1
            ? files[0].Sha256
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', files.Select(f => $"{f.Name}:{f.Sha256}")))));
}
