using DropShip.Core.Caching;

namespace DropShip.Core.Connections;

/// <summary>
/// Every credential read goes through the app's cache, whichever vault holds the secrets (Key Vault in Azure, the encrypted
/// table locally), so both behave alike: tracking reads the same credentials on every poll, submit on every order.
/// Reads are kept for <see cref="CacheOptions.Secrets"/> (5 minutes); concurrent reads of one entry share one vault call;
/// a missing entry or a failed read is not kept. A save or delete on this instance ends the entry at once. Another
/// instance keeps its copy until the copy expires, so a rotated or deleted credential can still be used there for up to
/// that long (a distributor that refuses it then raises CredentialsRejected, as for any refused credential).
/// </summary>
public sealed class CachedCredentialVault(ICredentialVault vault, ReadCache cache) : ICredentialVault
{
    /// <summary>The vault that holds the secrets.</summary>
    public ICredentialVault Inner => vault;

    public async Task<IReadOnlyDictionary<string, string>?> GetAsync(string storeId, string distributor, CancellationToken cancellationToken) =>
        await cache.GetOrReadAsync(CacheRegion.Secrets, Key(storeId, distributor), token => vault.GetAsync(storeId, distributor, token), cancellationToken,
            keep: secrets => secrets is not null);

    public async Task SaveAsync(string storeId, string distributor, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        try { await vault.SaveAsync(storeId, distributor, secrets, cancellationToken); }
        finally { Invalidate(storeId, distributor); } // landed or not: what was read before may be stale now
    }

    public async Task DeleteAsync(string storeId, string distributor, CancellationToken cancellationToken)
    {
        try { await vault.DeleteAsync(storeId, distributor, cancellationToken); }
        finally { Invalidate(storeId, distributor); }
    }

    // Distributor keys are matched case-insensitively everywhere; store ids are case-sensitive.
    private static string Key(string storeId, string distributor) => storeId + "|" + distributor.ToLowerInvariant();

    private void Invalidate(string storeId, string distributor) => cache.Invalidate(CacheRegion.Secrets, Key(storeId, distributor));
}
