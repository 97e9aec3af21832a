using DropShip.Core.Tracking;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DropShip.Functions.Tracking;

/// <summary>The monitor's activities: each binds its own input record and calls one Core service. They may run more than once.</summary>
public sealed class TrackingActivities(ShipmentTracker tracker, ShipmentNotifier notifier)
{
    [Function(nameof(CheckShipment))]
    public Task<CheckResult> CheckShipment([ActivityTrigger] CheckShipmentInput input, CancellationToken cancellationToken) =>
        tracker.CheckAsync(input.StoreId, input.PoNumber, cancellationToken);

    [Function(nameof(NotifyShipment))]
    public Task NotifyShipment([ActivityTrigger] NotifyShipmentInput input, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(input.StoreId, input.PoNumber, input.TrackingNumbers, cancellationToken);

    [Function(nameof(AskDealerToConfirm))]
    public Task AskDealerToConfirm([ActivityTrigger] AskDealerToConfirmInput input, CancellationToken cancellationToken) =>
        tracker.AskDealerToConfirmAsync(input.StoreId, input.PoNumber, cancellationToken);

    [Function(nameof(ReleaseNeverPlaced))]
    public Task ReleaseNeverPlaced([ActivityTrigger] ReleaseNeverPlacedInput input, CancellationToken cancellationToken) =>
        tracker.ReleaseNeverPlacedAsync(input.StoreId, input.PoNumber, input.Reason, cancellationToken);

    [Function(nameof(RaiseAttention))]
    public Task RaiseAttention([ActivityTrigger] AttentionInput input, CancellationToken cancellationToken) =>
        tracker.RaiseAttentionAsync(input.StoreId, input.PoNumber, input.Since, input.Reason, cancellationToken);

    [Function(nameof(ClearAttention))]
    public Task ClearAttention([ActivityTrigger] AttentionInput input, CancellationToken cancellationToken) =>
        tracker.ClearAttentionAsync(input.StoreId, input.PoNumber, input.Since, cancellationToken);

    [Function(nameof(StopTracking))]
    public Task StopTracking([ActivityTrigger] StopTrackingInput input, CancellationToken cancellationToken) =>
        tracker.StopAsync(input.StoreId, input.PoNumber, cancellationToken);
}

/// <summary>
/// How the orchestrator calls each activity: by its function's name (nameof) with its own input and output types, under
/// the one retry policy. The only place an activity's name meets its input, so a call cannot send the wrong record.
/// </summary>
public static class TrackingActivityCalls
{
    /// <summary>The one retry policy of the monitor's activities; what still fails is rescheduled, never fails the PO.</summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(30), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(5)));

    public static Task<CheckResult> CheckShipmentAsync(this TaskOrchestrationContext context, CheckShipmentInput input) =>
        context.CallActivityAsync<CheckResult>(nameof(TrackingActivities.CheckShipment), input, Retry);

    public static Task NotifyShipmentAsync(this TaskOrchestrationContext context, NotifyShipmentInput input) =>
        context.CallActivityAsync(nameof(TrackingActivities.NotifyShipment), input, Retry);

    public static Task AskDealerToConfirmAsync(this TaskOrchestrationContext context, AskDealerToConfirmInput input) =>
        context.CallActivityAsync(nameof(TrackingActivities.AskDealerToConfirm), input, Retry);

    public static Task ReleaseNeverPlacedAsync(this TaskOrchestrationContext context, ReleaseNeverPlacedInput input) =>
        context.CallActivityAsync(nameof(TrackingActivities.ReleaseNeverPlaced), input, Retry);

    /// <summary>Says on the PO that it needs attention (RaiseAttention) or no longer does (ClearAttention).</summary>
    public static Task AttentionAsync(this TaskOrchestrationContext context, TrackingState state, AttentionChange change) =>
        context.CallActivityAsync(change.Raise ? nameof(TrackingActivities.RaiseAttention) : nameof(TrackingActivities.ClearAttention),
            new AttentionInput(state.StoreId, state.PoNumber, change.Since, change.Message), Retry);

    public static Task StopTrackingAsync(this TaskOrchestrationContext context, StopTrackingInput input) =>
        context.CallActivityAsync(nameof(TrackingActivities.StopTracking), input, Retry);
}

/// <summary>The PO to look up at its distributor.</summary>
public sealed record CheckShipmentInput(string StoreId, string PoNumber);

/// <param name="TrackingNumbers">Packages recorded on the PO whose note, webhook or email is not yet done.</param>
public sealed record NotifyShipmentInput(string StoreId, string PoNumber, IReadOnlyList<string> TrackingNumbers);

/// <summary>The unconfirmed PO the dealer is asked to confirm with the distributor.</summary>
public sealed record AskDealerToConfirmInput(string StoreId, string PoNumber);

/// <param name="Since">When the PO's checks began to fail.</param>
/// <param name="Reason">The last failed check's message.</param>
public sealed record AttentionInput(string StoreId, string PoNumber, DateTime Since, string? Reason);

/// <param name="Reason">Why the monitor concluded the distributor never got the PO (shown on the PO and to the platform).</param>
public sealed record ReleaseNeverPlacedInput(string StoreId, string PoNumber, string Reason);

/// <summary>The PO whose tracking stops at the deadline.</summary>
public sealed record StopTrackingInput(string StoreId, string PoNumber);
