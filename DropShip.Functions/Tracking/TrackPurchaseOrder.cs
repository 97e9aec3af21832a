using DropShip.Core.Tracking;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace DropShip.Functions.Tracking;

/// <summary>
/// One monitor per PO (instance id from store + PO). Each execution: wait for the next check (or a "check now" event),
/// check, notify about new packages, then finish (shipped, failed, stopped) or ContinueAsNew with the next check time
/// from TrackingSchedule. Deterministic: time from context.CurrentUtcDateTime, no I/O here (a test enforces it).
/// </summary>
public static class TrackPurchaseOrder
{
    /// <summary>The one retry policy of the monitor's activities; what still fails is rescheduled, never fails the PO.</summary>
    public static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(30), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(5)));

    [Function(nameof(TrackPurchaseOrder))]
    public static async Task Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var state = context.GetInput<TrackingState>() ?? throw new InvalidOperationException("TrackPurchaseOrder needs its TrackingState input.");
        var log = context.CreateReplaySafeLogger(nameof(TrackPurchaseOrder));

        await WaitForNextCheckAsync(context, state.NextCheckAt);

        var check = await CheckShipmentAsync(context, state);
        if (check.PendingNotifications.Count > 0 && !await NotifyShipmentAsync(context, state, check.PendingNotifications))
            check = check with { Outcome = CheckOutcome.Error, Message = "Notifying about new tracking failed; retrying." };

        if (check.Outcome is CheckOutcome.Shipped or CheckOutcome.Failed or CheckOutcome.Stopped)
        {
            log.LogInformation("Tracking of PO {PoNumber} (store {StoreId}) ended: {Outcome}", state.PoNumber, state.StoreId, check.Outcome);
            return;
        }

        var errors = check.Outcome == CheckOutcome.Error ? state.ConsecutiveErrors + 1 : check.Outcome == CheckOutcome.RateLimited ? state.ConsecutiveErrors : 0;
        var decision = TrackingSchedule.Next(context.CurrentUtcDateTime, state.Deadline, LastCheckOf(check.Outcome), errors, check.RetryAfter, state.Policy);
        if (decision is TrackingDecision.CheckAt next)
        {
            context.ContinueAsNew(state with
            {
                NextCheckAt = next.When,
                Checks = state.Checks + 1,
                ConsecutiveErrors = errors,
                NotFoundCount = check.Outcome == CheckOutcome.NotFoundYet ? state.NotFoundCount + 1 : state.NotFoundCount,
            });
            return;
        }

        await context.CallActivityAsync(nameof(TrackingActivities.StopTracking), new StopTrackingInput(state.StoreId, state.PoNumber), ActivityRetry);
        log.LogWarning("Tracking of PO {PoNumber} (store {StoreId}) stopped at the deadline", state.PoNumber, state.StoreId);
    }

    private static async Task WaitForNextCheckAsync(TaskOrchestrationContext context, DateTime when)
    {
        if (context.CurrentUtcDateTime >= when) return;
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(when, cancel.Token);
        var checkNow = context.WaitForExternalEvent<object?>(TrackingInstance.CheckNowEvent, cancel.Token);
        await Task.WhenAny(timer, checkNow);
        cancel.Cancel(); // the loser must not keep the instance waiting
    }

    private static async Task<CheckShipmentResult> CheckShipmentAsync(TaskOrchestrationContext context, TrackingState state)
    {
        try
        {
            return await context.CallActivityAsync<CheckShipmentResult>(nameof(TrackingActivities.CheckShipment),
                new CheckShipmentInput(state.StoreId, state.PoNumber, state.NotFoundCount, state.Policy.ReconcileAttempts), ActivityRetry);
        }
        catch (TaskFailedException failed)
        {
            return new CheckShipmentResult(CheckOutcome.Error, [], null, failed.FailureDetails.ErrorMessage);
        }
    }

    private static async Task<bool> NotifyShipmentAsync(TaskOrchestrationContext context, TrackingState state, IReadOnlyList<string> trackingNumbers)
    {
        try
        {
            await context.CallActivityAsync(nameof(TrackingActivities.NotifyShipment), new NotifyShipmentInput(state.StoreId, state.PoNumber, trackingNumbers), ActivityRetry);
            return true;
        }
        catch (TaskFailedException)
        {
            return false;
        }
    }

    private static LastCheck LastCheckOf(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Error => LastCheck.Error,
        CheckOutcome.RateLimited => LastCheck.RateLimited,
        CheckOutcome.NotFoundYet => LastCheck.NotFoundYet,
        _ => LastCheck.Ok,
    };
}
