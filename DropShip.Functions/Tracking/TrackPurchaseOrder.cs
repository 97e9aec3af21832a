using DropShip.Core.Tracking;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace DropShip.Functions.Tracking;

/// <summary>
/// One monitor per PO (instance id from store + PO), a straight script: wait for the next check (or a "check now" event),
/// check, notify about new packages, then do what TrackingState.After decides: check again (ContinueAsNew, so history
/// stays one execution long), stop at the deadline, release a PO the distributor never got, or end. Deterministic: time
/// from context.CurrentUtcDateTime, no I/O here (the Durable Task analyzers fail the build otherwise).
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
        var po = new TrackedPoInput(state.StoreId, state.PoNumber);

        await WaitForNextCheckAsync(context, state.NextCheckAt);
        var check = await CheckAsync(context, po);
        if (check.PendingNotifications.Count > 0 &&
            !await TryActivityAsync(context, nameof(TrackingActivities.NotifyShipment), new NotifyShipmentInput(po.StoreId, po.PoNumber, check.PendingNotifications)))
            check = check.NotifyFailed();

        switch (state.After(check, context.CurrentUtcDateTime))
        {
            case TrackingStep.CheckAgain again:
                // Attention that could not be said is said after the next failed check; it never stops tracking.
                var attentionSaid = again.Attention is not { } attention ||
                                    await TryActivityAsync(context, AttentionActivity(attention), new AttentionInput(po.StoreId, po.PoNumber, attention.Since, attention.Message));
                var asked = again.AskDealerToConfirm && await TryActivityAsync(context, nameof(TrackingActivities.AskDealerToConfirm), po);
                // Events raised while this execution ran (a check-now) carry over to the next one.
                context.ContinueAsNew(again.Next with
                {
                    DealerAsked = again.Next.DealerAsked || asked,
                    AttentionRaised = again.Next.AttentionRaised && (attentionSaid || again.Attention is not { Raise: true }),
                }, preserveUnprocessedEvents: true);
                return;
            case TrackingStep.StopAtDeadline:
                await context.CallActivityAsync(nameof(TrackingActivities.StopTracking), po, ActivityRetry);
                log.LogWarning("Tracking of PO {PoNumber} (store {StoreId}) stopped at the deadline", po.PoNumber, po.StoreId);
                return;
            case TrackingStep.NeverPlaced never:
                await context.CallActivityAsync(nameof(TrackingActivities.ReleaseNeverPlaced), new ReleaseNeverPlacedInput(po.StoreId, po.PoNumber, never.Reason), ActivityRetry);
                log.LogWarning("PO {PoNumber} (store {StoreId}) was never placed: released", po.PoNumber, po.StoreId);
                return;
            case TrackingStep.Ended ended:
                if (ended.Attention is { } cleared) await TryActivityAsync(context, AttentionActivity(cleared), new AttentionInput(po.StoreId, po.PoNumber, cleared.Since, cleared.Message));
                log.LogInformation("Tracking of PO {PoNumber} (store {StoreId}) ended: {Outcome}", po.PoNumber, po.StoreId, ended.Outcome);
                return;
        }
    }

    private static string AttentionActivity(AttentionChange change) =>
        change.Raise ? nameof(TrackingActivities.RaiseAttention) : nameof(TrackingActivities.ClearAttention);

    private static async Task WaitForNextCheckAsync(TaskOrchestrationContext context, DateTime when)
    {
        if (context.CurrentUtcDateTime >= when) return;
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(when, cancel.Token);
        var checkNow = context.WaitForExternalEvent<object?>(TrackingInstance.CheckNowEvent, cancel.Token);
        await Task.WhenAny(timer, checkNow);
        cancel.Cancel(); // the loser must not keep the instance waiting
    }

    private static async Task<CheckResult> CheckAsync(TaskOrchestrationContext context, TrackedPoInput po)
    {
        try
        {
            return await context.CallActivityAsync<CheckResult>(nameof(TrackingActivities.CheckShipment), po, ActivityRetry);
        }
        catch (TaskFailedException failed)
        {
            return new CheckResult(CheckOutcome.Error, [], null, failed.FailureDetails.ErrorMessage);
        }
    }

    private static async Task<bool> TryActivityAsync(TaskOrchestrationContext context, string activity, object input)
    {
        try
        {
            await context.CallActivityAsync(activity, input, ActivityRetry);
            return true;
        }
        catch (TaskFailedException)
        {
            return false;
        }
    }
}
