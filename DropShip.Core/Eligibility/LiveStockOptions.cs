namespace DropShip.Core.Eligibility;

/// <summary>
/// Live stock from the distributors at eligibility and just before an order (section "LiveStock"). The figures only help
/// when they are quick and recent: the budget bounds how long an answer may wait for them, the cache how long one
/// distributor answer is reused for the same store account and part.
/// </summary>
public sealed class LiveStockOptions
{
    public const string Section = "LiveStock";

    /// <summary>Off: eligibility shows feed figures only and submit checks nothing (the PO says "not checked").</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest an eligibility answer or a submit waits for live figures; then the feed figures stand.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one answer is reused for the same store account and part.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an account is not asked again after a 429 that named no Retry-After.</summary>
    public TimeSpan PauseAfterRateLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cached answers kept per instance; beyond that, new answers are used but not kept.</summary>
    public int MaxCachedAnswers { get; set; } = 20_000;

    /// <summary>The message of a refused configuration (see <see cref="IsValid"/>; checked when the app starts).</summary>
    public const string Ranges =
        "LiveStock settings out of range: Budget 00:00:00.1 to 00:00:10, CacheFor 00:00:00 to 01:00:00, PauseAfterRateLimit 00:00:01 to 01:00:00, MaxCachedAnswers 0 or more.";

    public bool IsValid() =>
        Budget >= TimeSpan.FromMilliseconds(100) && Budget <= TimeSpan.FromSeconds(10)
        && CacheFor >= TimeSpan.Zero && CacheFor <= TimeSpan.FromHours(1)
        && PauseAfterRateLimit >= TimeSpan.FromSeconds(1) && PauseAfterRateLimit <= TimeSpan.FromHours(1)
        && MaxCachedAnswers >= 0;
}
