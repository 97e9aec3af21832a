namespace DropShip.Sandbox.Scripting;

/// <summary>What the sandbox does with orders containing one part number, at order time and on later status lookups.</summary>
public sealed record PartScript
{
    public OrderBehavior Order { get; init; } = OrderBehavior.Accept;

    /// <summary>
    /// For <see cref="OrderBehavior.Slow"/> and <see cref="OrderBehavior.PlaceThenStall"/>: how long the answer waits, on the
    /// sandbox's clock (a caller hanging up ends the wait).
    /// </summary>
    public TimeSpan Delay { get; init; }

    /// <summary>0 = never ships; N = the Nth status lookup of the PO and later show it shipped.</summary>
    public int ShipAfterChecks { get; init; }

    /// <summary>When shipped, the order is split into this many packages, each with its own tracking number.</summary>
    public int Packages { get; init; } = 1;

    /// <summary>0 = off; N (below <see cref="ShipAfterChecks"/>) = from the Nth lookup only the first package has shipped.</summary>
    public int PartialAfterChecks { get; init; }

    /// <summary>The first N status lookups of the PO answer 429.</summary>
    public int RateLimitedChecks { get; init; }

    /// <summary>
    /// After the 429s, the next N status lookups answer 200 with a body that is not the documented shape (a drifted answer
    /// the adapter cannot read). WPS only.
    /// </summary>
    public int UnreadableChecks { get; init; }

    /// <summary>Retry-After (whole seconds, rounded up) on those 429s; null = 429 without Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>UPS, FedEx, USPS or OnTrac (case-insensitive).</summary>
    public string Carrier { get; init; } = "UPS";

    /// <summary>How the inventory/pricing endpoints answer for this part.</summary>
    public StockBehavior StockAnswer { get; init; } = StockBehavior.Answer;

    /// <summary>Units the distributor holds; the endpoints show them capped as each distributor caps them.</summary>
    public int Stock { get; init; } = DefaultStock;

    /// <summary>For <see cref="StockBehavior.Slow"/>: answer only after this delay (request cancellation ends the wait).</summary>
    public TimeSpan StockDelay { get; init; }

    /// <summary>The dealer's price the pricing endpoints show.</summary>
    public decimal DealerPrice { get; init; } = 19.95m;

    /// <summary>The drop-ship fee where the distributor shows one (WPS items).</summary>
    public decimal DropShipFee { get; init; } = 4.00m;

    /// <summary>What an unscripted part has: more than every distributor's cap, so it shows as in stock everywhere.</summary>
    public const int DefaultStock = 12;
}
