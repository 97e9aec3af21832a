using System.Net;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Attention;
using DropShip.Core.Common;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Platform;

/// <summary>
/// Platform webhooks through an outbox in Table storage (Platform:OutboxTable, PartitionKey = store, RowKey = event id), so
/// no event is lost while the platform is down for hours: an event is stored first (idempotent by id, numbered per PO),
/// then its delivery is queued (<see cref="WebhookDeliveryQueue"/>: the caller never waits on the platform), and retried
/// with backoff (1 min doubling to 1 h) by a timer until the platform answers 2xx. A lease (ETag) keeps two
/// dispatchers from sending the same event at once. Delivery state goes on the PO timeline.
/// <para>
/// The timer reads only events still to deliver: each has a row in one small partition of the same table
/// (<see cref="PendingPartition"/>, RowKey "{store}|{event id}", with its next attempt), written when the event is stored
/// and removed once it is delivered or given up, so a minute's timer reads what is due, not every event ever stored. A row
/// left behind points at a delivered or missing event and is removed when the timer meets it; an event stored without its
/// row (a crash in between, or events stored before the rows existed) is found by the daily full pass
/// (<see cref="DeliverMissedAsync"/>).
/// </para>
/// </summary>
public sealed class WebhookOutbox(
    TableServiceClient tables,
    PurchaseOrderStore purchaseOrders,
    AttentionIndex attention,
    WebhookDeliveryQueue deliveries,
    IHttpClientFactory httpClients,
    IOptions<PlatformOptions> options,
    TimeProvider clock,
    DropShipMetrics metrics,
    ILogger<WebhookOutbox> logger)
{
    public const string HttpClientName = "platform-webhooks";

    /// <summary>The partition of events still to deliver; no store id starts with '~' (StoreId), so no store's rows share it.</summary>
    public const string PendingPartition = "~pending";

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly AppTable table = new(tables, options.Value.OutboxTable);

    /// <summary>
    /// The one way to tell the platform something: stores the event (a repeat of the same id is a no-op), then queues its
    /// delivery, which starts at once on a queue-triggered function without the caller waiting for the platform; what the
    /// queue does not deliver, the timer does. Returns the event as stored, with its per-PO sequence number. The first store
    /// of an event also goes on its PO's timeline (WebhookQueued), beside the queueing, not before it.
    /// </summary>
    /// <param name="written">The event's PO when the caller has just written it: its timeline note needs no read of it.</param>
    /// <param name="firstOfPo">The caller expects no event of this PO to be stored yet (the created event at submit): the
    /// event is inserted without reading first, and only a conflict (it was not the first after all) reads.</param>
    public async Task<PlatformEvent> PublishAsync(PlatformEvent e, CancellationToken cancellationToken, PurchaseOrder? written = null, bool firstOfPo = false)
    {
        var (stored, first) = await StoreAsync(e, firstOfPo, cancellationToken);
        await Task.WhenAll(
            deliveries.EnqueueAsync(stored.StoreId, stored.Id, cancellationToken),
            first ? NoteQueuedAsync(stored, written, cancellationToken) : Task.CompletedTask,
            first ? MarkPendingAsync(stored.StoreId, stored.Id, clock.GetUtcNow(), cancellationToken) : Task.CompletedTask);
        return stored;
    }

    /// <summary>
    /// Inserts the event with the next sequence number of its PO: the event row and the PO's counter row
    /// (<c>seq|{po}</c>, same partition) change in one transaction, so numbers are never reused or skipped, and two
    /// writers racing re-read and retry.
    /// </summary>
    /// <returns>The event as stored, and whether this call stored it (false: it was stored before).</returns>
    private async Task<(PlatformEvent Stored, bool First)> StoreAsync(PlatformEvent e, bool firstOfPo, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        // Numbered per PO; a connection event (no PO) per connection.
        var counterKey = "seq|" + (e.PoNumber is { } poNumber ? KeyEncoding.Encode(poNumber) : "~connection|" + e.Distributor);
        for (var attempt = 1; ; attempt++)
        {
            // The event (stored already?) and the PO's counter, read together: the counter is only needed when it is not.
            // An expected first event skips the reads once: its insert of both rows fails as a whole if either exists.
            NullableResponse<TableEntity>? existing = null, counter = null;
            if (!(firstOfPo && attempt == 1))
            {
                var reading = client.GetEntityIfExistsAsync<TableEntity>(e.StoreId, e.Id, select: [OutboxColumns.Sequence], cancellationToken: cancellationToken);
                var counting = client.GetEntityIfExistsAsync<TableEntity>(e.StoreId, counterKey, cancellationToken: cancellationToken);
                await Task.WhenAll(reading, counting);
                (existing, counter) = (await reading, await counting);
            }
            if (existing is { HasValue: true }) return (e with { Sequence = existing.Value!.GetInt64(OutboxColumns.Sequence) ?? 0 }, false);
            var sequenced = e with { Sequence = (counter is { HasValue: true } ? counter.Value!.GetInt64(OutboxColumns.Last) ?? 0 : 0) + 1 };
            var now = clock.GetUtcNow();
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, new TableEntity(e.StoreId, e.Id)
                {
                    [OutboxColumns.Type] = e.Type,
                    [OutboxColumns.PoNumber] = e.PoNumber,
                    [OutboxColumns.Sequence] = sequenced.Sequence,
                    [OutboxColumns.Body] = DropShipJson.Serialize(sequenced),
                    [OutboxColumns.Status] = DeliveryStatus.Pending.ToString(),
                    [OutboxColumns.Attempts] = 0,
                    [OutboxColumns.CreatedAt] = now,
                    [OutboxColumns.NextAttemptAt] = now,
                }),
                counter is { HasValue: true }
                    ? new(TableTransactionActionType.UpdateReplace, new TableEntity(e.StoreId, counterKey) { [OutboxColumns.Last] = sequenced.Sequence }, counter.Value!.ETag)
                    : new(TableTransactionActionType.Add, new TableEntity(e.StoreId, counterKey) { [OutboxColumns.Last] = sequenced.Sequence }),
            };
            try
            {
                await client.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed && attempt < 10)
            {
                continue; // someone stored this event or another of the PO's events in between (or before a first that was not): re-read
            }
            return (sequenced, true);
        }
    }

    /// <summary>The PO's timeline says the event is stored for delivery (a PO that no longer exists gets no note).</summary>
    private async Task NoteQueuedAsync(PlatformEvent stored, PurchaseOrder? written, CancellationToken cancellationToken)
    {
        if (stored.PoNumber is null) return;
        var po = written ?? (await purchaseOrders.FindAsync(stored.StoreId, stored.PoNumber, cancellationToken))?.Po;
        if (po is not null)
            await purchaseOrders.AppendAsync(po, [new TimelineEntry(clock.GetUtcNow(), TimelineEntryTypes.WebhookQueued, $"Platform event {stored.Type} stored for delivery.",
                EventData(stored.Id, stored.Type, stored.Sequence))], cancellationToken);
    }

    /// <summary>Delivers every pending event that is due, read from the pending partition alone. Called by the timer every minute.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        // CreateQueryFilter quotes what is interpolated, so the column name (PendingColumns.NextAttemptAt) is written out.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and NextAttemptAt le {clock.GetUtcNow()}");
        var due = new List<(string Store, string Id)>();
        await foreach (var row in client.QueryAsync<TableEntity>(filter, select: [PendingColumns.StoreId, PendingColumns.EventId], cancellationToken: cancellationToken))
            if (row.GetString(PendingColumns.StoreId) is { } store && row.GetString(PendingColumns.EventId) is { } id) due.Add((store, id));
        return await DeliverEachAsync(due, fromPendingRows: true, cancellationToken);
    }

    /// <summary>
    /// The daily full pass: every pending, due event of every store, whether or not it has its pending row (one stored
    /// without it, or before the rows existed). What fails here gets its row, so the minute's timer retries it from then on.
    /// </summary>
    public async Task<int> DeliverMissedAsync(CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        // Pending rows have no Status: only events match.
        var filter = TableClient.CreateQueryFilter($"Status eq {DeliveryStatus.Pending.ToString()} and NextAttemptAt le {clock.GetUtcNow()}");
        var due = new List<(string Store, string Id)>();
        await foreach (var row in client.QueryAsync<TableEntity>(filter, select: [nameof(TableEntity.PartitionKey), nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
            due.Add((row.PartitionKey, row.RowKey));
        return await DeliverEachAsync(due, fromPendingRows: false, cancellationToken);
    }

    private async Task<int> DeliverEachAsync(List<(string Store, string Id)> due, bool fromPendingRows, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var (store, id) in due)
            if (await DeliverAsync(store, id, fromPendingRows, cancellationToken)) delivered++;
        return delivered;
    }

    /// <summary>The event is to be delivered at <paramref name="at"/>: its pending row says so (written or moved).</summary>
    private async Task MarkPendingAsync(string storeId, string eventId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        try
        {
            await client.UpsertEntityAsync(new TableEntity(PendingPartition, PendingKey(storeId, eventId))
            {
                [PendingColumns.StoreId] = storeId,
                [PendingColumns.EventId] = eventId,
                [PendingColumns.NextAttemptAt] = at,
            }, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            // The event itself is stored and its queue message or its daily pass delivers it: told, not thrown.
            logger.LogWarning("Could not mark platform event {EventId} of store {StoreId} pending (HTTP {Status}); the daily pass delivers it", eventId, storeId, ex.Status);
        }
    }

    /// <summary>Nothing left to deliver for the event: its pending row goes (an absent row is fine).</summary>
    private async Task ClearPendingAsync(TableClient client, string storeId, string eventId, CancellationToken cancellationToken)
    {
        try { await client.DeleteEntityAsync(PendingPartition, PendingKey(storeId, eventId), ETag.All, cancellationToken); }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound) { }
    }

    private static string PendingKey(string storeId, string eventId) => storeId + "|" + eventId;

    public async Task<WebhookDelivery?> FindAsync(string storeId, string eventId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var row = await client.GetEntityIfExistsAsync<TableEntity>(storeId, eventId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e
            ? new WebhookDelivery(e.RowKey, e.GetString(OutboxColumns.Type), Enum.Parse<DeliveryStatus>(e.GetString(OutboxColumns.Status)), e.GetInt32(OutboxColumns.Attempts) ?? 0, e.GetString(OutboxColumns.LastError))
            : null;
    }

    /// <summary>Delivers one pending event unless another dispatcher holds it; false when not delivered now.</summary>
    public Task<bool> DeliverAsync(string storeId, string eventId, CancellationToken cancellationToken) =>
        DeliverAsync(storeId, eventId, fromPendingRow: false, cancellationToken);

    /// <param name="fromPendingRow">Asked by the event's pending row: a row whose event is missing, delivered or given up
    /// (its write raced the delivery) is removed. A queue message for such an event costs nothing more.</param>
    private async Task<bool> DeliverAsync(string storeId, string eventId, bool fromPendingRow, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var now = clock.GetUtcNow();
        var found = await client.GetEntityIfExistsAsync<TableEntity>(storeId, eventId, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } row || row.GetString(OutboxColumns.Status) != DeliveryStatus.Pending.ToString())
        {
            if (fromPendingRow) await ClearPendingAsync(client, storeId, eventId, cancellationToken);
            return false;
        }
        if (row.GetDateTimeOffset(OutboxColumns.LeaseUntil) > now) return false;

        // Take the lease: only the writer whose ETag still matches sends.
        row[OutboxColumns.LeaseUntil] = now + Lease;
        try { row.ETag = (await client.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag ?? row.ETag; }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed) { return false; }

        var attempts = (row.GetInt32(OutboxColumns.Attempts) ?? 0) + 1;
        var error = await SendAsync(row, cancellationToken);
        var po = row.GetString(OutboxColumns.PoNumber);
        var type = row.GetString(OutboxColumns.Type);
        var sequence = row.GetInt64(OutboxColumns.Sequence) ?? 0;
        row[OutboxColumns.Attempts] = attempts;
        row[OutboxColumns.LeaseUntil] = null;
        TimelineEntry? entry;
        if (error is null)
        {
            row[OutboxColumns.Status] = DeliveryStatus.Delivered.ToString();
            row[OutboxColumns.DeliveredAt] = now;
            row[OutboxColumns.LastError] = null;
            entry = new TimelineEntry(now, TimelineEntryTypes.WebhookDelivered, $"Platform notified: {type} (attempt {attempts}).", EventData(eventId, type, sequence));
        }
        else if (now - (row.GetDateTimeOffset(OutboxColumns.CreatedAt) ?? now) >= options.Value.GiveUpAfter)
        {
            row[OutboxColumns.Status] = DeliveryStatus.Abandoned.ToString();
            row[OutboxColumns.LastError] = error;
            entry = new TimelineEntry(now, TimelineEntryTypes.WebhookAbandoned, $"Gave up notifying the platform of {type} after {attempts} attempts: {error}", EventData(eventId, type, sequence));
        }
        else
        {
            row[OutboxColumns.NextAttemptAt] = now + Backoff(attempts);
            row[OutboxColumns.LastError] = error;
            // The first failures are worth seeing on the timeline; after that every tenth, so an outage doesn't flood it.
            entry = attempts <= 3 || attempts % 10 == 0
                ? new TimelineEntry(now, TimelineEntryTypes.WebhookFailed, $"Platform not reachable for {type} (attempt {attempts}): {error}. Retrying.", EventData(eventId, type, sequence))
                : null;
        }
        await client.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        // The pending row follows the event: moved to the next attempt, or gone with nothing left to deliver.
        if (row.GetString(OutboxColumns.Status) == DeliveryStatus.Pending.ToString())
            await MarkPendingAsync(storeId, eventId, row.GetDateTimeOffset(OutboxColumns.NextAttemptAt) ?? now, cancellationToken);
        else
            await ClearPendingAsync(client, storeId, eventId, cancellationToken);
        metrics.WebhookDelivery(type, row.GetString(OutboxColumns.Status) switch
        {
            nameof(DeliveryStatus.Delivered) => DropShipMetrics.Outcomes.Delivered,
            nameof(DeliveryStatus.Abandoned) => DropShipMetrics.Outcomes.Abandoned,
            _ => DropShipMetrics.Outcomes.Failed,
        });
        if (entry is not null && po is not null && await purchaseOrders.FindAsync(storeId, po, cancellationToken) is { } stored)
            await purchaseOrders.AppendAsync(stored.Po, [entry], cancellationToken);
        if (entry?.Type == TimelineEntryTypes.WebhookAbandoned)
            await RaiseAbandonedAsync(storeId, row, type, error!, now, cancellationToken);
        return error is null;
    }

    /// <summary>An abandoned event is on the dealer's attention list: the platform endpoint needs a look.</summary>
    private async Task RaiseAbandonedAsync(string storeId, TableEntity row, string type, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = $"The platform did not take the {type} event (last error: {error}); delivery was given up.";
        var about = DropShipJson.Deserialize<AbandonedEvent>(row.GetString(OutboxColumns.Body));
        var distributor = about?.Distributor ?? "";
        var item = about?.PoNumber is { } poNumber
            ? AttentionItem.ForPurchaseOrder(poNumber, distributor, distributor, AttentionReasons.WebhookAbandoned, now, message)
            : AttentionItem.ForConnection(distributor, distributor, AttentionReasons.WebhookAbandoned, now, message);
        await attention.RaiseAsync(storeId, item, cancellationToken);
        logger.LogWarning("Platform event {EventType} of store {StoreId} abandoned after {GiveUpAfter}", type, storeId, options.Value.GiveUpAfter);
    }

    /// <summary>What the abandoned-event signal reads back from a stored event body.</summary>
    private sealed record AbandonedEvent(string? PoNumber, string? Distributor);

    /// <summary>What a webhook timeline entry carries, so the PO view can tell each event's delivery state.</summary>
    public static Dictionary<string, string> EventData(string eventId, string type, long sequence) => new()
    {
        ["eventId"] = eventId,
        ["eventType"] = type,
        ["sequence"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>1 min, 2, 4, ... capped at 1 h.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(attempts - 1, 10))));

    private async Task<string?> SendAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.WebhookUrl is null || string.IsNullOrEmpty(settings.WebhookSecret)) return "the platform webhook URL or secret is not configured";
        var body = row.GetString(OutboxColumns.Body);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSigner.EventIdHeader, row.RowKey);
        request.Headers.Add(WebhookSigner.EventTypeHeader, row.GetString(OutboxColumns.Type));
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString());
        request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(settings.WebhookSecret, timestamp, body));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.DeliveryTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, limit.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { return "timed out"; }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Platform webhook delivery failed: {Error}", ex.HttpRequestError);
            return "unreachable (" + ex.HttpRequestError + ")";
        }
    }
}

/// <summary>Where one platform event stands: in the outbox row, and in the PO view (read from the PO timeline).</summary>
public enum DeliveryStatus { Pending, Delivered, Abandoned }

/// <summary>The outbox row's columns (one row per event; a per-PO counter row keeps <see cref="Last"/>), named once.</summary>
internal static class OutboxColumns
{
    public const string Type = nameof(Type);
    public const string PoNumber = nameof(PoNumber);
    public const string Sequence = nameof(Sequence);
    public const string Body = nameof(Body);
    public const string Status = nameof(Status);
    public const string Attempts = nameof(Attempts);
    public const string CreatedAt = nameof(CreatedAt);
    public const string NextAttemptAt = nameof(NextAttemptAt);
    public const string LeaseUntil = nameof(LeaseUntil);
    public const string DeliveredAt = nameof(DeliveredAt);
    public const string LastError = nameof(LastError);
    /// <summary>On the per-PO counter row: the last sequence number given.</summary>
    public const string Last = nameof(Last);
}

/// <summary>A pending row's columns (partition <see cref="WebhookOutbox.PendingPartition"/>), named once.</summary>
internal static class PendingColumns
{
    public const string StoreId = nameof(StoreId);
    public const string EventId = nameof(EventId);
    public const string NextAttemptAt = nameof(NextAttemptAt);
}

public sealed record WebhookDelivery(string EventId, string Type, DeliveryStatus Status, int Attempts, string? LastError);
