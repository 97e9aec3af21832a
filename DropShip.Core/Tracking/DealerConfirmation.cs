using DropShip.Core.Attention;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Tracking;

/// <summary>
/// "Ask the dealer once", written once. When a PO's submission had no clear answer and Tracking:ReconcileAttempts lookups
/// neither showed the order nor proved it absent, the dealer is asked to confirm with the distributor before ordering the
/// item again: once per PO, whatever monitor (a restarted one too) gets there. The PO's timeline is the record that it was
/// asked (a NeedsAttention entry with reason UNCONFIRMED); the monitor's TrackingState.DealerAsked only spares it the
/// activity on later checks, and the PO view reads the same record.
/// </summary>
public static class DealerConfirmation
{
    /// <summary>Whether this check's answers make it time to ask: still unconfirmed, not asked yet, enough lookups spent.</summary>
    public static bool IsDue(bool awaitingConfirmation, bool asked, int unconfirmedLookups, TrackingPolicy policy) =>
        awaitingConfirmation && !asked && unconfirmedLookups >= policy.ReconcileAttempts;

    /// <summary>
    /// The dealer was asked about this PO. A NeedsAttention entry with another reason is another signal (checks failing);
    /// one without a reason was written before reasons existed, when this was the only one.
    /// </summary>
    public static bool WasAsked(IEnumerable<TimelineEntry> timeline) => timeline.Any(e => e.Type == TimelineEntryTypes.NeedsAttention
        && (e.Data?.GetValueOrDefault(AttentionDataKeys.Reason) ?? AttentionReasons.Unconfirmed) == AttentionReasons.Unconfirmed);

    /// <summary>The dealer was asked and the distributor has not shown the PO since: what the PO view calls needsAttention.</summary>
    public static bool IsAwaited(PurchaseOrder po, IEnumerable<TimelineEntry> timeline) => po.AwaitsConfirmation && WasAsked(timeline);

    /// <summary>The timeline entry that asks (and records that the dealer was asked).</summary>
    public static TimelineEntry Entry(DateTimeOffset at, string message) => new(at, TimelineEntryTypes.NeedsAttention, message,
        new Dictionary<string, string> { [AttentionDataKeys.Reason] = AttentionReasons.Unconfirmed });
}
