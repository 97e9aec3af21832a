using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Attention;

public abstract record DismissOutcome
{
    private DismissOutcome() { }
    public sealed record Dismissed(AttentionItem Item) : DismissOutcome;
    public sealed record NotFound : DismissOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : DismissOutcome;
}

public abstract record AttentionPageOutcome
{
    private AttentionPageOutcome() { }
    public sealed record Found(Page<AttentionItem> Page) : AttentionPageOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : AttentionPageOutcome;
}

/// <summary>
/// The dealer's attention list: every PO and connection of the store that needs a person, read from the store's
/// partition of the attention index. Entries leave by themselves when the problem is resolved; a person may dismiss one,
/// which the PO's timeline or the connection's history records.
/// </summary>
public sealed class AttentionList(AttentionIndex index, PurchaseOrderStore purchaseOrders, DistributorConnections connections, TimeProvider clock)
{
    /// <summary>An entry id: 32 hex digits (AttentionItem.IdFor).</summary>
    public static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    public async Task<AttentionPageOutcome> ListAsync(string storeId, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var scope = Scope(storeId);
        var page = Paging.Read(pageSize, continuationToken, scope, errors);
        if (errors.Any) return new AttentionPageOutcome.Invalid(errors.All);
        var found = await index.ListAsync(storeId, page.PageSize, page.Position, cancellationToken);
        return new AttentionPageOutcome.Found(found with { ContinuationToken = Paging.Wrap(scope, found.ContinuationToken) });
    }

    /// <summary>A store's attention list; a position is the table's own token, "{next partition} {next row}".</summary>
    private static PageScope Scope(string storeId) => new("attention", storeId, position =>
        position.Split(' ') is [{ Length: > 0 } partition, var row] && TextRule.HeaderToken.Accepts(partition) && TextRule.HeaderToken.Accepts(row));

    public async Task<DismissOutcome> DismissAsync(string storeId, string id, CancellationToken cancellationToken)
    {
        if (!IsId(id))
            return new DismissOutcome.Invalid([new FieldError("id", ErrorCodes.InvalidValue, "id must be an attention entry id (32 lower-case hex digits).")]);
        if (await index.FindAsync(storeId, id, cancellationToken) is not { } item) return new DismissOutcome.NotFound();
        var now = clock.GetUtcNow();
        var message = StoredText.Clip($"Attention dismissed ({item.Reason}, since {item.Since:u}): {item.Message}");
        // Recorded first: a dismissal that stops half way leaves the entry listed, never a silent removal.
        if (item is { Subject: AttentionSubject.PurchaseOrder, PoNumber: { } poNumber })
        {
            if (await purchaseOrders.FindAsync(storeId, poNumber, cancellationToken) is { } stored)
                await purchaseOrders.AppendAsync(stored.Po, [new TimelineEntry(now, TimelineEntryTypes.AttentionDismissed, message,
                    new Dictionary<string, string> { [AttentionDataKeys.Reason] = item.Reason })], cancellationToken);
        }
        else
        {
            await connections.RecordAsync(storeId, item.Distributor, new ConnectionChange(now, ConnectionChangeTypes.AttentionDismissed, message), cancellationToken);
        }
        await index.ResolveAsync(storeId, id, cancellationToken);
        return new DismissOutcome.Dismissed(item);
    }
}
