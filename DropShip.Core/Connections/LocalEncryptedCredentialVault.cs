using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Connections;

/// <summary>
/// Local development only: credentials encrypted at rest with AES-256-GCM in the "Credentials" table. The store and
/// distributor are bound into the ciphertext (associated data), so a row copied to another store does not decrypt.
/// </summary>
public sealed class LocalEncryptedCredentialVault : ICredentialVault
{
    public const string TableName = "Credentials";
    // Development fallback only (SecretsOptions refuses to start without a key elsewhere): anyone with the source can
    // decrypt rows written with it. Warned about at startup.
    private static readonly byte[] DevelopmentKey = SHA256.HashData("DropShip local development key - not for production"u8);

    private readonly AppTable table;
    private readonly byte[] key;

    public LocalEncryptedCredentialVault(TableServiceClient tables, IOptions<SecretsOptions> options, ILogger<LocalEncryptedCredentialVault> logger)
    {
        table = new AppTable(tables, TableName);
        if (string.IsNullOrWhiteSpace(options.Value.LocalEncryptionKey))
        {
            key = DevelopmentKey;
            logger.LogWarning("SECURITY: dealer credentials are stored with the built-in DEVELOPMENT key. Set Secrets:KeyVaultUri in Azure, " +
                              "or Secrets:LocalEncryptionKey (base64 of 32 random bytes) for any shared environment.");
        }
        else
        {
            key = SecretsOptions.DecodeKey(options.Value.LocalEncryptionKey)
                  ?? throw new InvalidOperationException("Secrets:LocalEncryptionKey must be base64 of exactly 32 bytes.");
            logger.LogWarning("Dealer credentials are stored encrypted in local table storage, not in Key Vault. Set Secrets:KeyVaultUri in Azure.");
        }
    }

    public async Task SaveAsync(string storeId, string distributor, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(secrets);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(storeId, distributor));
        CryptographicOperations.ZeroMemory(plaintext);
        await (await table.GetAsync()).UpsertEntityAsync(new TableEntity(storeId, distributor)
        {
            [Columns.Nonce] = nonce,
            [Columns.Ciphertext] = ciphertext,
            [Columns.Tag] = tag,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>?> GetAsync(string storeId, string distributor, CancellationToken cancellationToken)
    {
        var row = await (await table.GetAsync()).GetEntityIfExistsAsync<TableEntity>(storeId, distributor, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is null) return null;
        var ciphertext = row.Value.GetBinary(Columns.Ciphertext);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize))
            aes.Decrypt(row.Value.GetBinary(Columns.Nonce), ciphertext, row.Value.GetBinary(Columns.Tag), plaintext, AssociatedData(storeId, distributor));
        // Frozen, as Key Vault's: the cache hands the same instance to every reader.
        return JsonSerializer.Deserialize<Dictionary<string, string>>(plaintext)?.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public async Task DeleteAsync(string storeId, string distributor, CancellationToken cancellationToken)
    {
        try { await (await table.GetAsync()).DeleteEntityAsync(storeId, distributor, ETag.All, cancellationToken); }
        catch (RequestFailedException ex) when (ex.Status == 404) { } // already gone
    }

    private static byte[] AssociatedData(string storeId, string distributor) => Encoding.UTF8.GetBytes($"{storeId}|{distributor}");

    /// <summary>One row per store (PartitionKey) and distributor (RowKey): the AES-GCM parts of the connection's secrets.</summary>
    private static class Columns
    {
        public const string Nonce = "Nonce";
        public const string Ciphertext = "Ciphertext";
        public const string Tag = "Tag";
    }
}
