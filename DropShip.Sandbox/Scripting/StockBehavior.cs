namespace DropShip.Sandbox.Scripting;

/// <summary>How a distributor's inventory/pricing endpoint answers for one part.</summary>
public enum StockBehavior
{
    /// <summary>Figures from <see cref="PartScript.Stock"/>, capped as the distributor caps them.</summary>
    Answer,
    /// <summary>Answers only after <see cref="PartScript.StockDelay"/>; the wait ends when the caller gives up.</summary>
    Slow,
    /// <summary>429, with <see cref="PartScript.RetryAfter"/> when set, for as long as the script says so.</summary>
    RateLimited,
    /// <summary>The distributor's server error.</summary>
    ServerError,
    /// <summary>The distributor does not list the part (each distributor's own way of saying so).</summary>
    NotListed,
    /// <summary>WPS: the same figures in the JSON:API form one public client reads (fields under "attributes", the inventory
    /// in a top-level "included" list). Other distributors answer as with <see cref="Answer"/>.</summary>
    AnswerAsJsonApi,
}
