using DropShip.Core.Common;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Functions.Tracking;

/// <summary>
/// Heals POs that should have a running monitor and have none (the process stopped between the distributor's answer and
/// starting the monitor, or starting it failed): reads the tracked-PO index (only POs in flight), and for each one older
/// than Tracking:SweepAfter whose monitor is not running, starts it, or removes the row when the PO is gone or no longer
/// tracked. Idempotent: a second sweep finds the monitors running.
/// </summary>
public sealed class TrackingSweeper(
    TrackedPurchaseOrderIndex index,
    PurchaseOrderStore purchaseOrders,
    TrackingStarter starter,
    IOptions<TrackingOptions> options,
    TimeProvider clock,
    DropShipMetrics metrics,
    ILogger<TrackingSweeper> logger)
{
    /// <returns>How many monitors were started.</returns>
    public async Task<int> SweepAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var started = 0;
        await foreach (var row in index.ListAsync(clock.GetUtcNow() - options.Value.SweepAfter, cancellationToken))
        {
            if (TrackingStarter.IsRunning(await client.GetInstanceAsync(TrackingInstance.IdFor(row.StoreId, row.PoNumber), cancellationToken))) continue;
            if (await purchaseOrders.FindAsync(row.StoreId, row.PoNumber, cancellationToken) is not { Po.IsTracked: true } stored)
            {
                await index.RemoveAsync(row.StoreId, row.PoNumber, row.ETag, cancellationToken);
                continue;
            }
            if (!await starter.StartNotRunningAsync(client, stored.Po, cancellationToken)) continue;
            started++;
            metrics.MonitorStartedBySweeper();
            logger.LogWarning("PO {PoNumber} of store {StoreId} ({Status}) had no tracking monitor: started one", stored.Po.PoNumber, stored.Po.StoreId, stored.Po.Status);
        }
        return started;
    }
}
