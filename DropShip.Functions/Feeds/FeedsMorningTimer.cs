using DropShip.Core.Feeds;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace DropShip.Functions.Feeds;

/// <summary>
/// Every morning (app setting <c>FeedsSchedule</c>, NCRONTAB, e.g. "0 0 6 * * *"), ingests every configured
/// distributor's price/inventory file. One distributor's failure is recorded in its run and never stops the others.
/// The setting name is flat on purpose: the host resolves %...% itself, with no "__" to ":" mapping to rely on.
/// </summary>
public sealed class FeedsMorningTimer(FeedIngestionService ingestion, ILogger<FeedsMorningTimer> logger)
{
    [Function(nameof(IngestMorningFeeds))]
    public async Task IngestMorningFeeds([TimerTrigger("%FeedsSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue) logger.LogInformation("The feeds timer is running late; ingesting now.");
        // Each run logs its own outcome and figures as it finishes (FeedIngestionService).
        await ingestion.IngestAllAsync(cancellationToken);
    }
}
