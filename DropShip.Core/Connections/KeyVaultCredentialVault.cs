using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using DropShip.Core.Caching;
using DropShip.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DropShip.Core.Connections;

/// <summary>
/// Dealer credentials in Azure Key Vault (used when Secrets:KeyVaultUri is set). There is one secret per store and
/// distributor. Its value is the JSON object of that connection's secret fields, and it is tagged with the store and
/// distributor so an operator can find it. The app's managed identity signs in through DefaultAzureCredential.
/// <para>
/// Every read goes through the app's cache (<see cref="CachedCredentialVault"/>, as for the local vault), so this class
/// asks Key Vault each time it is asked.
/// </para>
/// <para>
/// Delete is Key Vault's soft delete. The vault has purge protection, so a deleted secret is kept, recoverable, for the
/// vault's retention period (90 days) and can't be purged sooner, not even by the app. A later save under the same
/// name recovers the deleted secret first (Key Vault refuses to create a secret whose name is in the deleted state),
/// then writes the new value as a new version.
/// </para>
/// <para>
/// Secret values never reach a log line or an exception message. Only the secret name, store id and distributor key
/// appear, and none of them is secret.
/// </para>
/// </summary>
public sealed class KeyVaultCredentialVault : ICredentialVault
{
    /// <summary>Every credential secret's name starts with this, which keeps them apart from the vault's other secrets (e.g. the webhook secret).</summary>
    public const string NamePrefix = "ds-";

    /// <summary>Key Vault's limit on a secret name.</summary>
    public const int MaxNameLength = 127;

    public const string StoreTag = "dropship-store";
    public const string DistributorTag = "dropship-distributor";

    private const string JsonContentType = "application/json";
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly TimeSpan[] RecoverRetryDelays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    private readonly SecretClient client;
    private readonly TimeProvider clock;
    private readonly ILogger<KeyVaultCredentialVault> logger;

    public KeyVaultCredentialVault(SecretClient client, TimeProvider clock, ILogger<KeyVaultCredentialVault> logger)
    {
        this.client = client;
        this.clock = clock;
        this.logger = logger;
    }

    /// <summary>
    /// The vault at <paramref name="vaultUri"/>, reached with DefaultAzureCredential. In Azure that is the managed
    /// identity. A user-assigned identity is picked by AZURE_CLIENT_ID, an app setting the Bicep provisions.
    /// Locally it is the developer's Azure CLI or Visual Studio sign-in.
    /// </summary>
    public static KeyVaultCredentialVault Create(Uri vaultUri, IServiceProvider services)
    {
        if (!vaultUri.IsAbsoluteUri)
            throw new InvalidOperationException($"Secrets:KeyVaultUri must be an absolute URI such as https://<vault>.vault.azure.net/ (got '{vaultUri.OriginalString}').");
        var credentialOptions = new DefaultAzureCredentialOptions();
        // DefaultAzureCredentialOptions reads the AZURE_CLIENT_ID environment variable already. This also honours it
        // when it comes from another configuration source.
        if (services.GetService<IConfiguration>()?["AZURE_CLIENT_ID"] is { Length: > 0 } clientId)
            credentialOptions.ManagedIdentityClientId = clientId;
        var logger = services.GetRequiredService<ILogger<KeyVaultCredentialVault>>();
        logger.LogInformation("Dealer credentials are kept in Key Vault {VaultUri}", vaultUri);
        return new KeyVaultCredentialVault(new SecretClient(vaultUri, new DefaultAzureCredential(credentialOptions)), services.GetRequiredService<TimeProvider>(), logger);
    }

    /// <summary>
    /// The secret name of one store's connection to one distributor:
    /// <c>ds-{base32(UTF-8 of storeId)}-{distributor key, lower case}</c>.
    /// <para>
    /// Key Vault names allow only [0-9a-zA-Z-] and compare case-insensitively. Store ids may contain '_' and are
    /// case-sensitive ("Shop" and "shop" are different stores). Distributor keys contain '-'.
    /// </para>
    /// <para>
    /// The store id is therefore base32-encoded: RFC 4648, lower-case alphabet, no padding. The encoding is injective
    /// on byte strings, and its alphabet has a single case and no '-'. So the first '-' after the prefix ends the store
    /// part, and the rest is the distributor key. Distributor keys are lowercased, as the registry matches them
    /// case-insensitively. No two (store, distributor) pairs therefore share a name, even under Key Vault's
    /// case-insensitive comparison.
    /// </para>
    /// <para>
    /// A store id of at most 64 characters encodes to at most 103 characters. That leaves room for a distributor key of
    /// up to 20 characters ("parts-unlimited" has 15).
    /// </para>
    /// </summary>
    public static string SecretName(string storeId, string distributor)
    {
        if (!StoreId.IsValid(storeId))
            throw new ArgumentException($"'{storeId}' is not a valid store id.", nameof(storeId));
        var key = distributor.ToLowerInvariant();
        if (key.Length == 0 || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            throw new ArgumentException($"Distributor key '{distributor}' must be letters, digits and '-' to name a Key Vault secret.", nameof(distributor));
        var name = $"{NamePrefix}{Base32(Encoding.UTF8.GetBytes(storeId))}-{key}";
        if (name.Length > MaxNameLength)
            throw new ArgumentException($"Distributor key '{distributor}' is too long for a Key Vault secret name ({name.Length} > {MaxNameLength}).", nameof(distributor));
        return name;
    }

    public async Task SaveAsync(string storeId, string distributor, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        var name = SecretName(storeId, distributor);
        var secret = new KeyVaultSecret(name, JsonSerializer.Serialize(secrets));
        secret.Properties.ContentType = JsonContentType;
        secret.Properties.Tags[StoreTag] = storeId;
        secret.Properties.Tags[DistributorTag] = distributor.ToLowerInvariant();

        try
        {
            await client.SetSecretAsync(secret, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The name is taken by a soft-deleted secret (the connection was deleted before). Purge protection rules
            // out purging it, so recover it and write the new value as a new version.
            logger.LogInformation("Key Vault secret {SecretName} for store {StoreId} and {Distributor} is soft-deleted; recovering it before saving",
                name, storeId, distributor);
            await RecoverAsync(name, cancellationToken);
            await client.SetSecretAsync(secret, cancellationToken);
        }
        logger.LogInformation("Saved {Distributor} credentials for store {StoreId} in Key Vault secret {SecretName} ({FieldCount} fields)",
            distributor, storeId, name, secrets.Count);
    }

    public async Task<IReadOnlyDictionary<string, string>?> GetAsync(string storeId, string distributor, CancellationToken cancellationToken)
    {
        var name = SecretName(storeId, distributor);
        KeyVaultSecret secret;
        try
        {
            secret = (await client.GetSecretAsync(name, null, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            logger.LogDebug("No Key Vault secret {SecretName} for store {StoreId} and {Distributor}", name, storeId, distributor);
            return null;
        }
        return Parse(secret, name, storeId);
    }

    public async Task DeleteAsync(string storeId, string distributor, CancellationToken cancellationToken)
    {
        var name = SecretName(storeId, distributor);
        try
        {
            // Soft delete: the secret is kept, recoverable, for the vault's retention period (purge protection is on).
            // The operation is not awaited to completion: the connection row is gone already, and a later save recovers the name.
            await client.StartDeleteSecretAsync(name, cancellationToken);
            logger.LogInformation("Deleted (soft) Key Vault secret {SecretName} of store {StoreId} and {Distributor}", name, storeId, distributor);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            logger.LogDebug("No Key Vault secret {SecretName} to delete for store {StoreId} and {Distributor}", name, storeId, distributor);
        }
    }

    private async Task RecoverAsync(string name, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var recovery = await client.StartRecoverDeletedSecretAsync(name, cancellationToken);
                await recovery.WaitForCompletionAsync(cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && attempt < RecoverRetryDelays.Length)
            {
                // The delete itself is still in progress: the secret is not in the deleted state yet.
                await Task.Delay(RecoverRetryDelays[attempt], clock, cancellationToken);
            }
        }
    }

    private static FrozenDictionary<string, string> Parse(KeyVaultSecret secret, string name, string storeId)
    {
        // A secret written for another store (someone edited the vault by hand) must never be used for this one.
        if (secret.Properties.Tags.TryGetValue(StoreTag, out var taggedStore) && !string.Equals(taggedStore, storeId, StringComparison.Ordinal))
            throw new InvalidOperationException($"Key Vault secret {name} is tagged for another store; it is not used.");
        Dictionary<string, string>? values = null;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, string>>(secret.Value ?? "");
        }
        catch (JsonException)
        {
            // Deliberately without the inner exception: a JsonException's message can quote part of the value.
        }
        if (values is null)
            throw new InvalidOperationException($"Key Vault secret {name} does not hold a JSON object of a connection's secret fields.");
        return values.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                builder.Append(Base32Alphabet[(buffer >> bits) & 31]);
            }
        }
        if (bits > 0) builder.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        return builder.ToString();
    }
}
