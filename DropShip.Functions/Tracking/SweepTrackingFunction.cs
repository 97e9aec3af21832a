using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DropShip.Functions.Tracking;

/// <summary>Every five minutes, starts the monitor of any tracked PO that has none (TrackingSweeper).</summary>
public sealed class SweepTrackingFunction(TrackingSweeper sweeper, Health.AppHealth health)
{
    // Returns nothing: a timer function's return value would be taken for an output binding.
    [Function(nameof(SweepTracking))]
    public async Task SweepTracking([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, FunctionContext context)
    {
        // The first invocation on an instance says what is missing where the host keeps logs (startup logs are dropped).
        health.ReportOnce();
        await sweeper.SweepAsync(durable, context.CancellationToken);
    }
}
