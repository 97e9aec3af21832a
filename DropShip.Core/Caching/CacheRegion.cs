namespace DropShip.Core.Caching;

/// <summary>
/// One kind of cached entry: its own keys, how long an entry is kept (a <see cref="CacheOptions"/> setting), and its own
/// versions (<see cref="ReadCache.Invalidate"/>, <see cref="ReadCache.Clear"/>). Every kind the app caches is listed here.
/// </summary>
public sealed class CacheRegion
{
    public static readonly CacheRegion Connections = new("connections", o => o.Connections);
    public static readonly CacheRegion StockSnapshots = new("stock", o => o.StockSnapshots);
    public static readonly CacheRegion FeedAges = new("feed-age", o => o.StockSnapshots);
    public static readonly CacheRegion PoNumbers = new("po-numbers", o => o.PoNumbers);
    public static readonly CacheRegion LiveStock = new("live-stock", o => o.LiveStock);

    /// <summary>Accounts a distributor throttled: kept for as long as it asked (<see cref="ReadCache.KeepAsync"/>), not a setting.</summary>
    public static readonly CacheRegion LiveStockPauses = new("live-stock-pause", _ => TimeSpan.Zero);

    public static readonly CacheRegion Secrets = new("secrets", o => o.Secrets);

    public static IReadOnlyList<CacheRegion> All { get; } = [Connections, StockSnapshots, FeedAges, PoNumbers, LiveStock, LiveStockPauses, Secrets];

    private CacheRegion(string name, Func<CacheOptions, TimeSpan> duration) => (Name, Duration) = (name, duration);

    public string Name { get; }

    public Func<CacheOptions, TimeSpan> Duration { get; }

    public override string ToString() => Name;
}
