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
