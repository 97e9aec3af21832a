using System.Collections.Concurrent;
using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.Connections;

/// <summary>
/// One request's reads of a store's distributor accounts (connection row and secrets): each account is read at most once
/// per request and shared by every step that needs it (submit's live-stock question and its order call), and a step that
/// knows which accounts it will need starts their reads beside its other reads instead of after them.
/// </summary>
public sealed class StoreAccounts(DistributorConnections connections, string storeId, CancellationToken cancellationToken)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<DistributorAccount?>>> reads = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The account with its secrets (null when not configured), read on first use.</summary>
    public Task<DistributorAccount?> GetAsync(IDistributor distributor) =>
        reads.GetOrAdd(distributor.Profile.Key, _ => new(() => connections.GetAccountAsync(storeId, distributor, cancellationToken))).Value;

    /// <summary>Starts reading accounts the request will probably need; a read nobody awaits in the end costs one lookup, nothing more.</summary>
    public void Prefetch(IEnumerable<IDistributor> distributors)
    {
        foreach (var distributor in distributors)
            GetAsync(distributor).Observe();
    }
}
