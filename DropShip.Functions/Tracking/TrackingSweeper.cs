using DropShip.Core.Attention;
using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Functions.Tracking;

/// <summary>
/// Heals POs that should have a running monitor and have none (the process stopped between the distributor's answer and
/// starting the monitor, or starting it failed), at a cost that follows what needs healing: the tracked-PO index says
/// when each row is due a look (SweepAfter after submission; QuietLimit after its monitor was last seen running), so
/// the five-minute sweep reads only due rows and asks the Durable engine only about them. A row whose monitor is running
/// is marked seen; one whose monitor is not running gets it started, or is removed when the PO is gone or no longer
/// tracked. A daily pass reads every row (keys and dates only) for rows from before the index had due times.
/// Idempotent: a second sweep finds nothing due.
/// </summary>
public sealed class TrackingSweeper(
    TrackedPurchaseOrderIndex index,
    PurchaseOrderStore purchaseOrders,
    TrackingStarter starter,
    AttentionIndex attention,
    DistributorRegistry distributors,
    IOptions<TrackingOptions> options,
    TimeProvider clock,
    DropShipMetrics metrics,
    ILogger<TrackingSweeper> logger)
{
    /// <returns>How many monitors were started.</returns>
    public Task<int> SweepAsync(DurableTaskClient client, CancellationToken cancellationToken) => SweepAsync(client, SweepScope.Due, cancellationToken);

    /// <returns>How many monitors were started.</returns>
    public async Task<int> SweepAsync(DurableTaskClient client, SweepScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = scope == SweepScope.Due ? index.ListDueAsync(now, cancellationToken) : index.ListAsync(now - options.Value.SweepAfter, cancellationToken);
        var started = 0;
        await foreach (var row in rows)
        {
            if (scope == SweepScope.Daily && !row.IsDue(now)) continue;
            if (TrackingStarter.IsRunning(await client.GetInstanceAsync(TrackingInstance.IdFor(row.StoreId, row.PoNumber), cancellationToken)))
            {
                if (scope != SweepScope.EveryRow) await index.MarkRunningAsync(row.StoreId, row.PoNumber, now, cancellationToken);
                continue;
            }
            if (await purchaseOrders.FindAsync(row.StoreId, row.PoNumber, cancellationToken) is not { Po.IsTracked: true } stored)
            {
                await index.RemoveAsync(row.StoreId, row.PoNumber, row.ETag, cancellationToken);
                continue;
            }
            var won = await starter.StartNotRunningAsync(client, stored.Po, cancellationToken);
            // Started here or by whoever won the race: either way it runs now.
            if (scope != SweepScope.EveryRow) await index.MarkRunningAsync(row.StoreId, row.PoNumber, now, cancellationToken);
            if (!won) continue;
            started++;
            var po = stored.Po;
            await attention.RaiseAsync(po.StoreId, AttentionItem.ForPurchaseOrder(po.PoNumber, po.Distributor, distributors.Find(po.Distributor)?.Profile.DisplayName ?? po.Distributor,
                AttentionReasons.MonitorRestarted, clock.GetUtcNow(), $"PO {po.PoNumber} ({po.Status}) had no running tracking monitor; the sweeper started one."), cancellationToken);
            metrics.MonitorStartedBySweeper();
            logger.LogWarning("PO {PoNumber} of store {StoreId} ({Status}) had no tracking monitor: started one", stored.Po.PoNumber, stored.Po.StoreId, stored.Po.Status);
        }
        return started;
    }
}

/// <summary>Which index rows a sweep looks at.</summary>
public enum SweepScope
{
    /// <summary>Rows due a look (every five minutes): nothing when nothing needs healing.</summary>
    Due,

    /// <summary>Every row is read (keys and dates), and due ones and ones without a due time are looked at (daily).</summary>
    Daily,

    /// <summary>Every row older than SweepAfter is asked about, as the sweeper did before due times: the benchmark's baseline.</summary>
    EveryRow,
}
