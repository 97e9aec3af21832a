using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Functions.Tracking;

/// <summary>
/// Starts a PO's tracking monitor under its fixed instance id, at most once. Checks first, and also tolerates losing the
/// race to another starter: the host refuses a second start of a running id.
/// </summary>
public sealed class TrackingStarter(IOptions<TrackingOptions> options, PurchaseOrderStore purchaseOrders, TimeProvider clock, ILogger<TrackingStarter> logger)
{
    /// <returns>True when a monitor was started; false when one is already running.</returns>
    public async Task<bool> StartAsync(DurableTaskClient client, PurchaseOrder po, CancellationToken cancellationToken) =>
        !IsRunning(await client.GetInstanceAsync(TrackingInstance.IdFor(po.StoreId, po.PoNumber), cancellationToken))
        && await StartNotRunningAsync(client, po, cancellationToken);

    /// <summary>For a caller that has just seen no running monitor (the sweeper); a lost race still counts as running.</summary>
    /// <returns>True when a monitor was started; false when another starter won.</returns>
    public async Task<bool> StartNotRunningAsync(DurableTaskClient client, PurchaseOrder po, CancellationToken cancellationToken)
    {
        var instanceId = TrackingInstance.IdFor(po.StoreId, po.PoNumber);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(TrackPurchaseOrder),
                TrackingState.Start(po.StoreId, po.PoNumber, po.CreatedAt.UtcDateTime, po.AwaitsConfirmation, options.Value),
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

    /// <summary>
    /// After the distributor accepted (or may have): starts the monitor, and when that fails says on the PO that tracking
    /// will start shortly instead of failing the dealer's request. The sweeper starts it within minutes. The PO was reserved
    /// by this very request, so no monitor of its id can be running yet: it starts without asking first (one call to the
    /// engine, not two), and a sweeper that got there first only makes the start a no-op.
    /// </summary>
    public async Task StartOrDeferAsync(DurableTaskClient client, PurchaseOrder po)
    {
        try
        {
            await StartNotRunningAsync(client, po, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Starting tracking for PO {PoNumber} of store {StoreId} failed ({Error}); the sweeper will start it", po.PoNumber, po.StoreId, ex.GetType().Name);
            try
            {
                await purchaseOrders.AppendAsync(po, [new TimelineEntry(clock.GetUtcNow(), TimelineEntryTypes.TrackingDeferred,
                    "Tracking will start shortly: the monitor could not be started right away and is started automatically within minutes.")], CancellationToken.None);
            }
            catch (Exception timelineError)
            {
                logger.LogWarning("Could not note the deferred tracking start on PO {PoNumber} of store {StoreId} ({Error})", po.PoNumber, po.StoreId, timelineError.GetType().Name);
            }
        }
    }

    public static bool IsRunning(OrchestrationMetadata? instance) =>
        instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended };

    /// <summary>
    /// The gRPC client turns the host's refusal (status AlreadyExists) into OrchestrationAlreadyExistsException; a client
    /// that does not translate it surfaces the RpcException itself.
    /// </summary>
    public static bool IsAlreadyExists(Exception ex) =>
        ex is OrchestrationAlreadyExistsException or RpcException { StatusCode: StatusCode.AlreadyExists };
}
