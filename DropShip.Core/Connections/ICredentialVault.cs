namespace DropShip.Core.Connections;

/// <summary>
/// Where dealer credentials live: Key Vault in Azure, an encrypted table locally. One entry per store and distributor.
/// </summary>
public interface ICredentialVault
{
    Task SaveAsync(string storeId, string distributor, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken);

    /// <returns>The secrets, or null when none are stored.</returns>
    Task<IReadOnlyDictionary<string, string>?> GetAsync(string storeId, string distributor, CancellationToken cancellationToken);

    Task DeleteAsync(string storeId, string distributor, CancellationToken cancellationToken);
}
