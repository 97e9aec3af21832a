namespace DropShip.Core.Feeds;

/// <summary>Used when no feed has been ingested into this deployment's stock index: every part reads as "no feed data".</summary>
public sealed class NoFeedStock : IStockLookup
{
    public Task<StockSnapshot?> FindAsync(string distributor, string partNumber, CancellationToken cancellationToken) => Task.FromResult<StockSnapshot?>(null);
}
