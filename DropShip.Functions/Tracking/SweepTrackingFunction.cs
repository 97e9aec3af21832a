using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DropShip.Functions.Tracking;

/// <summary>Every five minutes, starts the monitor of any tracked PO that has none (TrackingSweeper).</summary>
public sealed class SweepTrackingFunction(TrackingSweeper sweeper)
{
    // Returns nothing: a timer function's return value would be taken for an output binding.
    [Function(nameof(SweepTracking))]
    public async Task SweepTracking([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, FunctionContext context) =>
        await sweeper.SweepAsync(durable, context.CancellationToken);
}
