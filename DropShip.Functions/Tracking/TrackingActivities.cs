using DropShip.Core.Tracking;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Tracking;

/// <summary>The monitor's activities: each binds its input and calls one Core service. They may run more than once.</summary>
public sealed class TrackingActivities(ShipmentTracker tracker, ShipmentNotifier notifier)
{
    [Function(nameof(CheckShipment))]
    public Task<CheckShipmentResult> CheckShipment([ActivityTrigger] CheckShipmentInput input, FunctionContext context) =>
        tracker.CheckAsync(input, context.CancellationToken);

    [Function(nameof(NotifyShipment))]
    public Task NotifyShipment([ActivityTrigger] NotifyShipmentInput input, FunctionContext context) =>
        notifier.NotifyAsync(input, context.CancellationToken);

    [Function(nameof(StopTracking))]
    public Task StopTracking([ActivityTrigger] StopTrackingInput input, FunctionContext context) =>
        tracker.StopAsync(input, context.CancellationToken);
}
