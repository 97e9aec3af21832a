namespace DropShip.Core.Eligibility;

public enum LiveStockStatus
{
    /// <summary>The distributor answered with figures for the part.</summary>
    Ok,
    /// <summary>The distributor answered but does not list the part.</summary>
    UnknownPart,
    /// <summary>No answer within the budget: the feed figures stand.</summary>
    TimedOut,
    /// <summary>The distributor throttled this account (or the local per-credential limiter did): the feed figures stand.</summary>
    RateLimited,
    /// <summary>No usable answer (error, refused credentials): the feed figures stand.</summary>
    Failed,
    /// <summary>The distributor offers no live stock we can ask: the feed figures stand.</summary>
    NotAvailable,
}

/// <summary>
/// What the distributor says right now about one option, beside the morning feed's figures (<see cref="StockView"/>).
/// </summary>
/// <param name="Quantity">Units available now, as disclosed; a floor when <paramref name="QuantityIsFloor"/> (the distributor caps the figure).</param>
/// <param name="CanFill">Whether the distributor can ship the item's quantity now: true, false, or null when unknown (no
/// figures, or a capped figure below the quantity).</param>
/// <param name="AsOf">When the distributor gave these figures (an answer is reused for a short while).</param>
/// <param name="Source">Which request the figures come from.</param>
/// <param name="Message">Why there are no figures, for the dealer.</param>
/// <param name="RetryAfter">When the distributor may be asked again, after it throttled this account.</param>
public sealed record LiveStockView(
    LiveStockStatus Status,
    int? Quantity,
    bool? QuantityIsFloor,
    decimal? DealerCost,
    decimal? DropShipFee,
    bool? CanFill,
    DateTimeOffset? AsOf,
    string Source,
    string? Message = null,
    DateTimeOffset? RetryAfter = null);
