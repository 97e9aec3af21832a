using DropShip.Core.Platform;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace DropShip.Functions.Platform;

/// <summary>
/// Platform webhooks from the outbox: each event's delivery starts at once from its queue message (DeliverWebhook), off
/// the path of whoever published it; the timer (DeliverWebhooks) retries what is due every minute until the platform answers,
/// reading only the outbox's pending rows, and a daily pass (DeliverMissedWebhooks) finds any event stored without one.
/// </summary>
public sealed class DeliverWebhooksFunction(WebhookOutbox outbox, ILogger<DeliverWebhooksFunction> logger)
{
    // Returns nothing: a timer function's return value would be taken for an output binding.
    [Function(nameof(DeliverWebhooks))]
    public async Task DeliverWebhooks([TimerTrigger("0 */1 * * * *")] TimerInfo timer, FunctionContext context) =>
        await outbox.DeliverDueAsync(context.CancellationToken);

    /// <summary>Once a day, every pending event of every store, including any stored without its pending row.</summary>
    [Function(nameof(DeliverMissedWebhooks))]
    public async Task DeliverMissedWebhooks([TimerTrigger("0 50 3 * * *")] TimerInfo timer, FunctionContext context) =>
        await outbox.DeliverMissedAsync(context.CancellationToken);

    /// <summary>
    /// One event, as soon as it is stored. A failed attempt is not thrown (the queue would retry it at once and then
    /// park it as poison): the outbox has scheduled the retry and the timer makes it.
    /// </summary>
    [Function(nameof(DeliverWebhook))]
    public async Task DeliverWebhook([QueueTrigger(WebhookDeliveryQueue.Name)] WebhookDue message, CancellationToken cancellationToken)
    {
        if (!message.IsValid)
        {
            logger.LogWarning("Ignored a webhook delivery message that names no valid store and event");
            return;
        }
        await outbox.DeliverAsync(message.StoreId!, message.EventId!, cancellationToken);
    }
}
