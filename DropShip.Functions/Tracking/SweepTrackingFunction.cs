using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DropShip.Functions.Tracking;

/// <summary>Starts the monitor of any tracked PO that has none (TrackingSweeper): due rows every five minutes, every row once a day.</summary>
public sealed class SweepTrackingFunction(TrackingSweeper sweeper, Health.AppHealth health)
{
    // Returns nothing: a timer function's return value would be taken for an output binding.
    [Function(nameof(SweepTracking))]
    public async Task SweepTracking([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, FunctionContext context)
    {
        // The first invocation on an instance says what is missing where the host keeps logs (startup logs are dropped).
        health.ReportOnce();
        await sweeper.SweepAsync(durable, SweepScope.Due, context.CancellationToken);
    }

    [Function(nameof(SweepAllTracking))]
    public async Task SweepAllTracking([TimerTrigger("0 40 3 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, FunctionContext context) =>
        await sweeper.SweepAsync(durable, SweepScope.Daily, context.CancellationToken);
}
