namespace DropShip.Core.Eligibility;

/// <summary>
/// Live stock from the distributors at eligibility and just before an order (section "LiveStock"). The figures only help
/// when they are quick and recent: the budget bounds how long an answer may wait for them; how long one distributor answer
/// is reused for the same store account and part is the cache's setting (Cache:LiveStock).
/// </summary>
public sealed class LiveStockOptions
{
    public const string Section = "LiveStock";

    /// <summary>Off: eligibility shows feed figures only and submit checks nothing (the PO says "not checked").</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest an eligibility answer or a submit waits for live figures; then the feed figures stand.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an account is not asked again after a 429 that named no Retry-After.</summary>
    public TimeSpan PauseAfterRateLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Each setting out of its range, named; checked when the app starts.</summary>
    public static IEnumerable<string?> Problems(LiveStockOptions options, string section)
    {
        static string? Within(TimeSpan value, TimeSpan min, TimeSpan max, string setting) =>
            value >= min && value <= max ? null : $"{setting} must be from {min:c} to {max:c}; it is {value:c}.";
        yield return Within(options.Budget, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), $"{section}:{nameof(Budget)}");
        yield return Within(options.PauseAfterRateLimit, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), $"{section}:{nameof(PauseAfterRateLimit)}");
    }
}
