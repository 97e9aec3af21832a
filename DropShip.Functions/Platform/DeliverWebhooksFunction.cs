using DropShip.Core.Platform;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Platform;

/// <summary>Retries platform webhooks that are due (outbox), every minute, until the platform answers.</summary>
public sealed class DeliverWebhooksFunction(WebhookOutbox outbox)
{
    [Function(nameof(DeliverWebhooks))]
    public Task<int> DeliverWebhooks([TimerTrigger("0 */1 * * * *")] TimerInfo timer, FunctionContext context) =>
        outbox.DeliverDueAsync(context.CancellationToken);
}
