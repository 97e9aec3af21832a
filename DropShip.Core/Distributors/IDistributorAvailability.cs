namespace DropShip.Core.Distributors;

/// <summary>
/// Live stock of a few parts, and where the distributor's API gives them the dealer's price and drop-ship fee, asked with
/// one store's credentials. One per distributor, registered beside its adapter; kept apart from <see cref="IDistributor"/>
/// so placing and looking up orders is untouched. Implementations send through the distributor's LOOKUP client (the
/// per-credential rate limiter of <see cref="DistributorResilience"/>) and never retry: a live figure is only worth having
/// within a short budget, and a throttled answer is handed back instead of waited out.
/// </summary>
public interface IDistributorAvailability
{
    /// <summary>The distributor's route key, e.g. "wps".</summary>
    string Distributor { get; }

    /// <summary>Which request the figures come from, as the dealer sees it, e.g. "WPS items + inventory".</summary>
    string Source { get; }

    /// <summary>Most part numbers one call may carry (Parts Unlimited batches; WPS filters by one SKU).</summary>
    int MaxPartsPerCall { get; }

    /// <param name="partNumbers">At most <see cref="MaxPartsPerCall"/>, as the item lists them.</param>
    Task<AvailabilityAnswer> CheckAsync(DistributorAccount account, IReadOnlyList<string> partNumbers, CancellationToken cancellationToken);
}

public abstract record AvailabilityAnswer
{
    private AvailabilityAnswer() { }

    /// <param name="Parts">Figures by the part number asked (case-insensitive). A part that is missing is one the distributor
    /// does not list.</param>
    public sealed record Answered(IReadOnlyDictionary<string, LiveFigures> Parts) : AvailabilityAnswer;

    /// <summary>429 from the distributor (<paramref name="ByDistributor"/>), or the local per-credential limiter or breaker
    /// refused to send.</summary>
    public sealed record RateLimited(TimeSpan? RetryAfter, bool ByDistributor = true) : AvailabilityAnswer;

    /// <summary>No usable answer (5xx, refused credentials, unreadable body, unreachable).</summary>
    public sealed record Failed(string Reason) : AvailabilityAnswer;

    /// <summary>The distributor publishes no live stock we can ask (Automatic).</summary>
    public sealed record NotOffered(string Reason) : AvailabilityAnswer;

    /// <summary>What an exchange that produced no 2xx answer means for a stock question.</summary>
    public static AvailabilityAnswer Problem(string distributorName, DistributorHttp.Exchange exchange) => exchange switch
    {
        DistributorHttp.Exchange.Answered { Status: System.Net.HttpStatusCode.TooManyRequests } a => new RateLimited(a.RetryAfter),
        DistributorHttp.Exchange.Refused r => new RateLimited(r.RetryAfter, ByDistributor: false),
        DistributorHttp.Exchange.Answered { Status: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden } =>
            new Failed($"{distributorName} refused the credentials."),
        DistributorHttp.Exchange.Answered a => new Failed($"{distributorName} answered HTTP {(int)a.Status}."),
        DistributorHttp.Exchange.TimedOut => new Failed($"{distributorName} did not answer in time."),
        DistributorHttp.Exchange.Unreachable u => new Failed($"{distributorName} is unreachable ({u.Reason})."),
        _ => new Failed($"{distributorName}: unexpected answer."),
    };
}

/// <param name="Quantity">Units available now across the distributor's warehouses, as disclosed.</param>
/// <param name="QuantityIsFloor">The distributor caps what it discloses and a figure is at the cap: at least this many.</param>
/// <param name="DealerCost">The dealer's price per unit, when the API gives it.</param>
/// <param name="DropShipFee">The distributor's drop-ship fee for this part, when the API gives it.</param>
public sealed record LiveFigures(int Quantity, bool QuantityIsFloor, decimal? DealerCost, decimal? DropShipFee);
