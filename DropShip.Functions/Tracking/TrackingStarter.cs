using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Functions.Tracking;

/// <summary>
/// Starts a PO's tracking monitor under its fixed instance id, at most once. Checks first, and also tolerates losing
/// the race to another starter: the host refuses a second start of a running id (azure-functions-api.md 4.7).
/// </summary>
public sealed class TrackingStarter(IOptions<TrackingOptions> options, ILogger<TrackingStarter> logger)
{
    /// <returns>True when a monitor was started; false when one is already running.</returns>
    public async Task<bool> StartAsync(DurableTaskClient client, PurchaseOrder po, CancellationToken cancellationToken)
    {
        var instanceId = TrackingInstance.IdFor(po.StoreId, po.PoNumber);
        var existing = await client.GetInstanceAsync(instanceId, cancellationToken);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
            return false;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(TrackPurchaseOrder),
                TrackingState.Start(po.StoreId, po.PoNumber, po.CreatedAt.UtcDateTime,
                    unconfirmed: po.Status is PurchaseOrderStatus.Unconfirmed or PurchaseOrderStatus.Submitting, options.Value.ToPolicy()),
                new StartOrchestrationOptions(instanceId),
                cancellationToken);
            logger.LogInformation("Tracking started for PO {PoNumber} of store {StoreId}", po.PoNumber, po.StoreId);
            return true;
        }
        catch (Exception ex) when (IsAlreadyExists(ex))
        {
            return false;
        }
    }

    // Before Microsoft.DurableTask 1.22 the client surfaced gRPC's AlreadyExists; from 1.22 OrchestrationAlreadyExistsException.
    private static bool IsAlreadyExists(Exception ex) =>
        ex.GetType().Name == "OrchestrationAlreadyExistsException" ||
        (ex.GetType().Name == "RpcException" && ex.Message.Contains("AlreadyExists", StringComparison.Ordinal));
}
