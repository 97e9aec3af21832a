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
    [Function(nameof(TrackPurchaseOrder))]
    public static async Task Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var state = context.GetInput<TrackingState>() ?? throw new InvalidOperationException("TrackPurchaseOrder needs its TrackingState input.");
        var log = context.CreateReplaySafeLogger(nameof(TrackPurchaseOrder));
        if (!state.IsReadable)
        {
            // Not guessed at: the PO stays in the tracked index, so the sweeper starts a fresh monitor from the PO itself.
            log.LogWarning("Tracking of PO {PoNumber} (store {StoreId}) ended: state version {Version} is not one this release reads; the sweeper restarts it",
                state.PoNumber, state.StoreId, state.Version);
            return;
        }

        await WaitForNextCheckAsync(context, state.NextCheckAt);
        var check = await CheckAsync(context, state);
        if (check.PendingNotifications.Count > 0 &&
            !await SucceedsAsync(context.NotifyShipmentAsync(new NotifyShipmentInput(state.StoreId, state.PoNumber, check.PendingNotifications))))
            check = check.NotifyFailed();

        switch (state.After(check, context.CurrentUtcDateTime))
        {
            case TrackingStep.CheckAgain again:
                // Attention that could not be said is said after the next failed check; it never stops tracking.
                var attentionSaid = again.Attention is not { } attention || await SucceedsAsync(context.AttentionAsync(state, attention));
                var asked = again.AskDealerToConfirm && await SucceedsAsync(context.AskDealerToConfirmAsync(new AskDealerToConfirmInput(state.StoreId, state.PoNumber)));
                // Events raised while this execution ran (a check-now) carry over to the next one.
                context.ContinueAsNew(again.Next with
                {
                    DealerAsked = again.Next.DealerAsked || asked,
                    AttentionRaised = again.Next.AttentionRaised && (attentionSaid || again.Attention is not { Raise: true }),
                }, preserveUnprocessedEvents: true);
                return;
            case TrackingStep.StopAtDeadline:
                await context.StopTrackingAsync(new StopTrackingInput(state.StoreId, state.PoNumber));
                log.LogWarning("Tracking of PO {PoNumber} (store {StoreId}) stopped at the deadline", state.PoNumber, state.StoreId);
                return;
            case TrackingStep.NeverPlaced never:
                await context.ReleaseNeverPlacedAsync(new ReleaseNeverPlacedInput(state.StoreId, state.PoNumber, never.Reason));
                log.LogWarning("PO {PoNumber} (store {StoreId}) was never placed: released", state.PoNumber, state.StoreId);
                return;
            case TrackingStep.Ended ended:
                if (ended.Attention is { } cleared) await SucceedsAsync(context.AttentionAsync(state, cleared));
                log.LogInformation("Tracking of PO {PoNumber} (store {StoreId}) ended: {Outcome}", state.PoNumber, state.StoreId, ended.Outcome);
                return;
        }
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

    private static async Task<CheckResult> CheckAsync(TaskOrchestrationContext context, TrackingState state)
    {
        try
        {
            return await context.CheckShipmentAsync(new CheckShipmentInput(state.StoreId, state.PoNumber));
        }
        catch (TaskFailedException failed)
        {
            return new CheckResult(CheckOutcome.Error, [], null, failed.FailureDetails.ErrorMessage);
        }
    }

    /// <summary>An activity that still fails after its retries is the state's business (rescheduled), never the monitor's end.</summary>
    private static async Task<bool> SucceedsAsync(Task activity)
    {
        try
        {
            await activity;
            return true;
        }
        catch (TaskFailedException)
        {
            return false;
        }
    }
}
