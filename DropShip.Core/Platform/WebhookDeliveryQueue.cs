using Azure;
using Azure.Storage.Queues;
using DropShip.Core.Common;
using Microsoft.Extensions.Logging;

namespace DropShip.Core.Platform;

/// <summary>
/// Starts an outbox event's delivery off the caller's path: a Storage queue message naming the event, which the
/// queue-triggered delivery function hands back to <see cref="WebhookOutbox.DeliverAsync"/>. The message carries only
/// the store and event id (the event itself stays in the outbox), so a message that is lost, delivered twice or late
/// changes nothing: the outbox lease sends each event once at a time, and the DeliverWebhooks timer picks up whatever no
/// message started. The queue lives in the host's storage account (AzureWebJobsStorage), where its trigger listens.
/// </summary>
public sealed class WebhookDeliveryQueue(QueueClient queue, ILogger<WebhookDeliveryQueue> logger)
{
    /// <summary>The queue's name, fixed because the trigger names it (a binding cannot take it from typed settings).</summary>
    public const string Name = "webhook-deliveries";

    private readonly Lock gate = new();
    private Task? creation;

    public string QueueName => queue.Name;

    /// <summary>Asks for the event's delivery now; a failure only logs, since the timer delivers it within a minute anyway.</summary>
    public async Task EnqueueAsync(string storeId, string eventId, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureCreatedAsync();
            await queue.SendMessageAsync(DropShipJson.Serialize(new WebhookDue(storeId, eventId)), cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning("Could not queue delivery of platform event {EventId} for store {StoreId} (HTTP {Status}); the outbox timer delivers it", eventId, storeId, ex.Status);
        }
    }

    /// <summary>Created on first use; a failed attempt is tried again by the next call (as AppTable does for tables).</summary>
    private Task EnsureCreatedAsync()
    {
        lock (gate)
        {
            if (creation is null || (creation.IsCompleted && !creation.IsCompletedSuccessfully)) creation = queue.CreateIfNotExistsAsync();
            return creation;
        }
    }
}

/// <summary>The queue message: which outbox event to deliver. Checked before use (a queue can be written by hand).</summary>
public sealed record WebhookDue(string? StoreId, string? EventId)
{
    public bool IsValid => Common.StoreId.IsValid(StoreId) && Guid.TryParseExact(EventId, "D", out _);
}
