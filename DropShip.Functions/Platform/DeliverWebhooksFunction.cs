using DropShip.Core.Platform;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Platform;

/// <summary>Retries platform webhooks that are due (outbox), every minute, until the platform answers.</summary>
public sealed class DeliverWebhooksFunction(WebhookOutbox outbox)
{
    // Returns nothing: a timer function's return value would be taken for an output binding.
    [Function(nameof(DeliverWebhooks))]
    public async Task DeliverWebhooks([TimerTrigger("0 */1 * * * *")] TimerInfo timer, FunctionContext context) =>
        await outbox.DeliverDueAsync(context.CancellationToken);
}
