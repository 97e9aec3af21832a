using DropShip.Core.Attention;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.PurchaseOrders;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Tracking;

/// <summary>"Ask the dealer once" is one rule: the tracker, the monitor's state and the PO view read the same record.</summary>
public sealed class DealerConfirmationTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private static TimelineEntry ChecksFailing() => new(At, TimelineEntryTypes.NeedsAttention, "Every check has failed.",
        new Dictionary<string, string> { [AttentionDataKeys.Reason] = AttentionReasons.ChecksFailing });

    public static TheoryData<string, TimelineEntry[], PurchaseOrderStatus, bool, bool> Cases => new()
    {
        { "asked", [DealerConfirmation.Entry(At, "Confirm with WPS.")], PurchaseOrderStatus.Unconfirmed, true, true },
        { "asked before reasons were written", [new TimelineEntry(At, TimelineEntryTypes.NeedsAttention, "Confirm with WPS.")], PurchaseOrderStatus.Unconfirmed, true, true },
        { "asked, then the distributor showed the order", [DealerConfirmation.Entry(At, "Confirm with WPS.")], PurchaseOrderStatus.Open, true, false },
        // Another signal on the same entry type: checks failing is not a question to the dealer.
        { "checks failing only", [ChecksFailing()], PurchaseOrderStatus.Unconfirmed, false, false },
        { "nothing said", [], PurchaseOrderStatus.Unconfirmed, false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_po_view_and_the_tracker_read_the_same_record(string _, TimelineEntry[] timeline, PurchaseOrderStatus status, bool asked, bool awaited)
    {
        var po = Orders.Po("dealer-1", "DS1-1", status, At);

        Assert.Equal(asked, DealerConfirmation.WasAsked(timeline));
        Assert.Equal(awaited, DealerConfirmation.IsAwaited(po, timeline));
        Assert.Equal(awaited, PurchaseOrderView.From(po, timeline).NeedsAttention);
    }

    [Fact]
    public void It_is_due_after_the_reconcile_attempts_while_unconfirmed_and_not_yet_asked()
    {
        var policy = TrackingPolicy.From(new TrackingOptions());

        Assert.True(DealerConfirmation.IsDue(awaitingConfirmation: true, asked: false, policy.ReconcileAttempts, policy));
        Assert.False(DealerConfirmation.IsDue(awaitingConfirmation: true, asked: false, policy.ReconcileAttempts - 1, policy));
        Assert.False(DealerConfirmation.IsDue(awaitingConfirmation: true, asked: true, policy.ReconcileAttempts, policy));
        Assert.False(DealerConfirmation.IsDue(awaitingConfirmation: false, asked: false, policy.ReconcileAttempts, policy));
    }
}
