using DropShip.Core.Tracking;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Tracking;

/// <summary>The monitor's activities: each binds its input and calls one Core service. They may run more than once.</summary>
public sealed class TrackingActivities(ShipmentTracker tracker, ShipmentNotifier notifier)
{
    [Function(nameof(CheckShipment))]
    public Task<CheckResult> CheckShipment([ActivityTrigger] TrackedPoInput input, CancellationToken cancellationToken) =>
        tracker.CheckAsync(input.StoreId, input.PoNumber, cancellationToken);

    [Function(nameof(NotifyShipment))]
    public Task NotifyShipment([ActivityTrigger] NotifyShipmentInput input, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(input.StoreId, input.PoNumber, input.TrackingNumbers, cancellationToken);

    [Function(nameof(AskDealerToConfirm))]
    public Task AskDealerToConfirm([ActivityTrigger] TrackedPoInput input, CancellationToken cancellationToken) =>
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
    public Task StopTracking([ActivityTrigger] TrackedPoInput input, CancellationToken cancellationToken) =>
        tracker.StopAsync(input.StoreId, input.PoNumber, cancellationToken);
}

/// <summary>The PO an activity works on.</summary>
public sealed record TrackedPoInput(string StoreId, string PoNumber);

/// <param name="TrackingNumbers">Packages recorded on the PO whose note, webhook or email is not yet done.</param>
public sealed record NotifyShipmentInput(string StoreId, string PoNumber, IReadOnlyList<string> TrackingNumbers);

/// <param name="Since">When the PO's checks began to fail.</param>
/// <param name="Reason">The last failed check's message.</param>
public sealed record AttentionInput(string StoreId, string PoNumber, DateTime Since, string? Reason);

/// <param name="Reason">Why the monitor concluded the distributor never got the PO (shown on the PO and to the platform).</param>
public sealed record ReleaseNeverPlacedInput(string StoreId, string PoNumber, string Reason);
