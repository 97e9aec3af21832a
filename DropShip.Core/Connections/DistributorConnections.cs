using Azure;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Connections;

/// <summary>
/// A store's connections to its distributors: account settings, test mode and defaults in the "DistributorConnections"
/// table (PartitionKey = store), secrets in the credential vault. Secrets are written, never read back out to a caller.
/// </summary>
public sealed class DistributorConnections(
    TableServiceClient tables,
    ICredentialVault vault,
    DistributorRegistry distributors,
    TimeProvider clock,
    IOptions<ReadCacheOptions> caching,
    ILogger<DistributorConnections> logger)
{
    public const string TableName = "DistributorConnections";
    private readonly AppTable table = new(tables, TableName);
    private readonly ReadCache<string, IReadOnlyList<ConnectionView>> recent = new(clock, caching.Value.Connections, capacity: 10_000);

    public async Task<IReadOnlyList<ConnectionView>> ListAsync(string storeId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var views = new List<ConnectionView>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {storeId}"), cancellationToken: cancellationToken))
            if (distributors.Find(row.RowKey) is { } distributor) views.Add(ToView(distributor, row));
        return views;
    }

    /// <summary>
    /// The store's connections as eligibility needs them, possibly a few seconds old (<see cref="ReadCacheOptions.Connections"/>):
    /// every item of every order asks, and connections change rarely. Submit still reads the account itself.
    /// </summary>
    public Task<IReadOnlyList<ConnectionView>> ListCachedAsync(string storeId, CancellationToken cancellationToken) =>
        recent.GetOrReadAsync(storeId, ListAsync, cancellationToken);

    public async Task<ConnectionView?> GetAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken) =>
        await FindRowAsync(storeId, distributor, cancellationToken) is { } row ? ToView(distributor, row) : null;

    public async Task<SaveConnectionResult> SaveAsync(string storeId, IDistributor distributor, ConnectionInput input, CancellationToken cancellationToken)
    {
        var profile = distributor.Profile;
        var existing = await FindRowAsync(storeId, distributor, cancellationToken);
        var existingSecrets = existing is null ? null : await vault.GetAsync(storeId, profile.Key, cancellationToken);
        var errors = new FieldErrors();

        if (input.TestMode && !profile.HasTestMode)
            errors.Add("testMode", "no_test_mode", $"{profile.DisplayName} has no test mode: every order placed through it is real.");

        var given = input.Credentials ?? [];
        foreach (var name in given.Keys.Where(k => profile.CredentialFields.All(f => f.Name != k)))
            errors.Add($"credentials.{name}", "unknown_field", $"{profile.DisplayName} takes no credential '{name}'. Expected: {string.Join(", ", profile.CredentialFields.Select(f => f.Name))}.");

        var settings = new Dictionary<string, string>();
        var secrets = new Dictionary<string, string>();
        foreach (var field in profile.CredentialFields)
        {
            given.TryGetValue(field.Name, out var raw);
            // A secret left out of an update keeps its stored value, so rotating one field needs only that field.
            if (raw is null && field.IsSecret && existingSecrets?.TryGetValue(field.Name, out var kept) == true)
            {
                secrets[field.Name] = kept;
                continue;
            }
            if (raw is null && !field.IsSecret && existing?.GetString("Setting_" + field.Name) is { } keptSetting)
            {
                settings[field.Name] = keptSetting;
                continue;
            }
            var value = errors.Text($"credentials.{field.Name}", raw, field.MaxLength);
            if (value is null) continue;
            (field.IsSecret ? secrets : settings)[field.Name] = value;
        }

        var shipMethod = errors.Text("defaults.shipMethod", input.Defaults?.ShipMethod, 20, required: false);
        var warehouse = errors.Text("defaults.warehouse", input.Defaults?.Warehouse, 20, required: false);
        if (input.Priority is < 1 or > 99) errors.Add("priority", "out_of_range", "priority must be a whole number from 1 (most preferred) to 99.");
        if (errors.Any) return new SaveConnectionResult.Invalid(errors.All);

        recent.Invalidate(storeId);
        await vault.SaveAsync(storeId, profile.Key, secrets, cancellationToken);
        var row = new TableEntity(storeId, profile.Key)
        {
            ["TestMode"] = input.TestMode,
            ["ShipMethod"] = shipMethod,
            ["Warehouse"] = warehouse,
            ["Priority"] = input.Priority,
            ["SecretNames"] = string.Join(",", secrets.Keys.Order(StringComparer.Ordinal)),
            ["UpdatedAt"] = clock.GetUtcNow(),
        };
        foreach (var (name, value) in settings) row["Setting_" + name] = value;
        await (await table.GetAsync()).UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        recent.Invalidate(storeId);
        logger.LogInformation("Saved {Distributor} connection for store {StoreId} (test mode {TestMode})", profile.Key, storeId, input.TestMode);
        return new SaveConnectionResult.Saved(ToView(distributor, row), Created: existing is null);
    }

    public async Task<bool> DeleteAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken)
    {
        if (await FindRowAsync(storeId, distributor, cancellationToken) is null) return false;
        recent.Invalidate(storeId);
        await (await table.GetAsync()).DeleteEntityAsync(storeId, distributor.Profile.Key, ETag.All, cancellationToken);
        recent.Invalidate(storeId);
        await vault.DeleteAsync(storeId, distributor.Profile.Key, cancellationToken);
        logger.LogInformation("Deleted {Distributor} connection for store {StoreId}", distributor.Profile.Key, storeId);
        return true;
    }

    /// <summary>The connection with its secrets, for one distributor call. Null when not configured.</summary>
    public async Task<DistributorAccount?> GetAccountAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken)
    {
        if (await FindRowAsync(storeId, distributor, cancellationToken) is not { } row) return null;
        var secrets = await vault.GetAsync(storeId, distributor.Profile.Key, cancellationToken);
        if (secrets is null) return null;
        var fields = distributor.Profile.CredentialFields;
        if (fields.Where(f => f.IsSecret).Any(f => !secrets.ContainsKey(f.Name))) return null;
        return new DistributorAccount(
            storeId,
            distributor.Profile.Key,
            row.GetBoolean("TestMode") ?? false,
            Settings(distributor, row),
            secrets.ToDictionary(s => s.Key, s => new Secret(s.Value)),
            new ConnectionDefaults(row.GetString("ShipMethod"), row.GetString("Warehouse")));
    }


    private async Task<TableEntity?> FindRowAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken)
    {
        var row = await (await table.GetAsync()).GetEntityIfExistsAsync<TableEntity>(storeId, distributor.Profile.Key, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private static Dictionary<string, string> Settings(IDistributor distributor, TableEntity row) =>
        distributor.Profile.CredentialFields.Where(f => !f.IsSecret)
            .Select(f => (f.Name, Value: row.GetString("Setting_" + f.Name)))
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Name, s => s.Value!);

    private static ConnectionView ToView(IDistributor distributor, TableEntity row) => new(
        distributor.Profile.Key,
        distributor.Profile.DisplayName,
        row.GetBoolean("TestMode") ?? false,
        distributor.Profile.HasTestMode,
        Settings(distributor, row),
        (row.GetString("SecretNames") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        new ConnectionDefaultsInput(row.GetString("ShipMethod"), row.GetString("Warehouse")),
        row.GetInt32("Priority"),
        row.GetDateTimeOffset("UpdatedAt") ?? row.Timestamp ?? DateTimeOffset.MinValue);
}
