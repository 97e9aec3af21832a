namespace DropShip.Core.PurchaseOrders;

/// <summary>The one set of PO timeline entry types (TimelineEntry.Type): what the API shows and what the app reads back.</summary>
public static class TimelineEntryTypes
{
    public const string Reserved = "Reserved";
    public const string Submitted = "Submitted";
    public const string Unconfirmed = "Unconfirmed";
    /// <summary>The distributor accepted, but the tracking monitor could not be started yet: the sweeper starts it.</summary>
    public const string TrackingDeferred = "TrackingDeferred";
    public const string Confirmed = "Confirmed";
    /// <summary>The distributor's answers prove nothing yet: the dealer must confirm with the distributor before ordering again.</summary>
    public const string NeedsAttention = "NeedsAttention";
    /// <summary>The problem that made the PO need attention is over (its checks succeed again).</summary>
    public const string AttentionCleared = "AttentionCleared";
    /// <summary>A person dismissed the PO's attention entry.</summary>
    public const string AttentionDismissed = "AttentionDismissed";
    public const string Failed = "Failed";
    /// <summary>The distributor answered something the adapter could not fully read (an answer problem): what was expected.</summary>
    public const string AnswerProblem = "AnswerProblem";
    public const string TrackingFound = "TrackingFound";
    public const string Shipped = "Shipped";
    public const string OrderNote = "OrderNote";
    public const string CustomerEmail = "CustomerEmail";
    public const string TrackingStopped = "TrackingStopped";
    public const string WebhookQueued = "WebhookQueued";
    public const string WebhookDelivered = "WebhookDelivered";
    public const string WebhookFailed = "WebhookFailed";
    public const string WebhookAbandoned = "WebhookAbandoned";
}

/// <summary>The Data keys of NeedsAttention and AttentionCleared entries.</summary>
public static class AttentionDataKeys
{
    /// <summary>The attention reason code (AttentionReasons); an entry without one is UNCONFIRMED (written before reasons existed).</summary>
    public const string Reason = "reason";
    /// <summary>When the problem began (ISO 8601, UTC).</summary>
    public const string Since = "since";
}
