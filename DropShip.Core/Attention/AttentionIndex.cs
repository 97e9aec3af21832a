using System.Net;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Platform;
using DropShip.Core.Storage;
using Page = DropShip.Core.Common.Page<DropShip.Core.Attention.AttentionItem>;

namespace DropShip.Core.Attention;

/// <summary>What an attention entry is about: one PO, or one distributor connection of the store.</summary>
public enum AttentionSubject { PurchaseOrder, Connection }

/// <summary>Why something needs a person (an attention entry's <c>reason</c>), with what the dealer should do about it.</summary>
public static class AttentionReasons
{
    /// <summary>The distributor has not confirmed an order whose submission had no clear answer.</summary>
    public const string Unconfirmed = "UNCONFIRMED";
    /// <summary>Every check of a tracked PO has failed for Tracking:AttentionAfter.</summary>
    public const string ChecksFailing = "CHECKS_FAILING";
    /// <summary>Six weeks without a complete shipment: checks stopped.</summary>
    public const string TrackingStopped = "TRACKING_STOPPED";
    /// <summary>The distributor refused the connection's credentials.</summary>
    public const string CredentialsRejected = "CREDENTIALS_REJECTED";
    /// <summary>The customer's shipping email could not be sent.</summary>
    public const string EmailFailed = "EMAIL_FAILED";
    /// <summary>The platform did not take an event for as long as Platform:GiveUpAfter.</summary>
    public const string WebhookAbandoned = "WEBHOOK_ABANDONED";
    /// <summary>The PO had no running tracking monitor; the sweeper started one.</summary>
    public const string MonitorRestarted = "MONITOR_RESTARTED";

    /// <summary>What a person should do, in the dealer's terms.</summary>
    public static string ActionFor(string reason, string distributorName) => reason switch
    {
        Unconfirmed => $"Confirm the order with {distributorName} before ordering this item again.",
        ChecksFailing => $"Check the PO with {distributorName}; tracking keeps trying and this clears when a check succeeds.",
        TrackingStopped => $"Contact {distributorName} about this PO: it has not fully shipped within six weeks.",
        CredentialsRejected => $"Replace the {distributorName} credentials (PUT the connection); tracking of this store's {distributorName} POs resumes by itself.",
        EmailFailed => "Resend the shipping email to the customer from the order.",
        WebhookAbandoned => "Check the platform's webhook endpoint and settings; the event was not delivered.",
        MonitorRestarted => "Nothing is lost: tracking restarted by itself. Check the PO's timeline if it looks wrong, then dismiss this.",
        _ => "Look into it, then dismiss this.",
    };
}

/// <summary>One thing in a store that needs a person: what, why (a code), since when and what to do.</summary>
/// <param name="Id">Stable for the subject and reason: the same problem is listed once.</param>
/// <param name="PoNumber">The PO, for a PurchaseOrder entry.</param>
public sealed record AttentionItem(
    string Id,
    AttentionSubject Subject,
    string? PoNumber,
    string Distributor,
    string Reason,
    DateTimeOffset Since,
    string Message,
    string Action)
{
    public static string IdFor(AttentionSubject subject, string subjectKey, string reason) =>
        DeterministicId.From("attention", subject.ToString(), subjectKey, reason).ToString("N");

    public static AttentionItem ForPurchaseOrder(string poNumber, string distributor, string distributorName, string reason, DateTimeOffset since, string message) =>
        new(IdFor(AttentionSubject.PurchaseOrder, poNumber, reason), AttentionSubject.PurchaseOrder, poNumber, distributor, reason, since,
            StoredText.Clip(message), AttentionReasons.ActionFor(reason, distributorName));

    public static AttentionItem ForConnection(string distributor, string distributorName, string reason, DateTimeOffset since, string message) =>
        new(IdFor(AttentionSubject.Connection, distributor, reason), AttentionSubject.Connection, null, distributor, reason, since,
            StoredText.Clip(message), AttentionReasons.ActionFor(reason, distributorName));
}

/// <summary>
/// The per-store attention index: table "Attention", PartitionKey = store, RowKey = the entry's id (one per subject and
/// reason), so the dealer's list is one partition read and never a scan of every PO. Raising is idempotent (the first
/// raise keeps its time), resolving a missing entry is a no-op: every signal can run twice.
/// </summary>
public sealed class AttentionIndex(TableServiceClient tables)
{
    public const string TableName = "Attention";
    private readonly AppTable table = new(tables, TableName);

    /// <returns>True when the entry is new; false when the same problem was already listed.</returns>
    public async Task<bool> RaiseAsync(string storeId, AttentionItem item, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        try
        {
            await client.AddEntityAsync(Columns.ToEntity(storeId, item), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <returns>True when an entry was listed and is now gone.</returns>
    public async Task<bool> ResolveAsync(string storeId, string id, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        try
        {
            await client.DeleteEntityAsync(storeId, id, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<AttentionItem?> FindAsync(string storeId, string id, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var row = await client.GetEntityIfExistsAsync<TableEntity>(storeId, id, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? Columns.From(entity) : null;
    }

    /// <summary>One page of the store's entries (in id order), from the table's own <paramref name="position"/>.</summary>
    public async Task<Page> ListAsync(string storeId, int pageSize, string? position, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {storeId}");
        await foreach (var page in client.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(position, pageSize))
            return new Page(page.Values.Select(Columns.From).ToList(), page.ContinuationToken);
        return new Page([], null);
    }

    private static class Columns
    {
        private const string Subject = nameof(Subject), PoNumber = nameof(PoNumber), Distributor = nameof(Distributor), Reason = nameof(Reason),
            Since = nameof(Since), Message = nameof(Message), Action = nameof(Action);

        public static TableEntity ToEntity(string storeId, AttentionItem item) => new(storeId, item.Id)
        {
            [Subject] = item.Subject.ToString(),
            [PoNumber] = item.PoNumber,
            [Distributor] = item.Distributor,
            [Reason] = item.Reason,
            [Since] = item.Since,
            [Message] = item.Message,
            [Action] = item.Action,
        };

        public static AttentionItem From(TableEntity row) => new(
            row.RowKey,
            Enum.TryParse<AttentionSubject>(row.GetString(Subject), out var subject) ? subject : AttentionSubject.PurchaseOrder,
            row.GetString(PoNumber),
            row.GetString(Distributor) ?? "",
            row.GetString(Reason) ?? "",
            row.GetDateTimeOffset(Since) ?? row.Timestamp ?? DateTimeOffset.MinValue,
            row.GetString(Message) ?? "",
            row.GetString(Action) ?? "");
    }
}
