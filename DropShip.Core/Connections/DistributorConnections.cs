using System.Net;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Attention;
using DropShip.Core.Caching;
using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Connections;

/// <summary>
/// A store's connections to its distributors: account settings, test mode and defaults in the "DistributorConnections"
/// table (PartitionKey = store), secrets in the credential vault. Secrets are written, never read back out to a caller.
/// An update changes only what the caller sent, and each change is written with its audit-trail entry in one
/// entity-group transaction, so a test-mode switch never happens without its history line.
/// </summary>
public sealed class DistributorConnections(
    TableServiceClient tables,
    ICredentialVault vault,
    DistributorRegistry distributors,
    AttentionIndex attention,
    TimeProvider clock,
    ReadCache cache,
    ILogger<DistributorConnections> logger)
{
    public const string TableName = "DistributorConnections";
    public const int HistoryShown = 50;
    private readonly AppTable table = new(tables, TableName);

    public async Task<IReadOnlyList<ConnectionView>> ListAsync(string storeId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var views = new List<ConnectionView>();
        await foreach (var row in client.QueryAsync<TableEntity>(ConnectionRow.AllOf(storeId), cancellationToken: cancellationToken))
            if (distributors.Find(row.RowKey) is { } distributor) views.Add(ConnectionRow.ToView(distributor, row));
        return views;
    }

    /// <summary>One connection with its audit trail (the latest <see cref="HistoryShown"/> changes, newest first).</summary>
    public async Task<ConnectionView?> GetAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken)
    {
        if (await FindRowAsync(storeId, distributor, cancellationToken) is not { } row) return null;
        var client = await table.GetAsync();
        var history = new List<ConnectionChange>();
        await foreach (var entry in client.QueryAsync<TableEntity>(HistoryRow.AllOf(storeId, distributor.Profile.Key), maxPerPage: HistoryShown, cancellationToken: cancellationToken))
        {
            history.Add(HistoryRow.From(entry));
            if (history.Count == HistoryShown) break;
        }
        return ConnectionRow.ToView(distributor, row) with { History = history };
    }

    /// <summary>One request's account reads for a store: each account read once, shared by the request's steps.</summary>
    public StoreAccounts AccountsOf(string storeId, CancellationToken cancellationToken) => new(this, storeId, cancellationToken);

    /// <summary>
    /// The store's connections as eligibility needs them, possibly a few seconds old (<see cref="CacheOptions.Connections"/>):
    /// every item of every order asks, and connections change rarely. Submit still reads the account itself.
    /// </summary>
    public async Task<IReadOnlyList<ConnectionView>> ListCachedAsync(string storeId, CancellationToken cancellationToken) =>
        await cache.GetOrReadAsync(CacheRegion.Connections, storeId, token => ListAsync(storeId, token), cancellationToken);

    public async Task<SaveConnectionResult> SaveAsync(string storeId, IDistributor distributor, ConnectionInput input, CancellationToken cancellationToken)
    {
        var profile = distributor.Profile;
        if (input.SendsNothing())
            return new SaveConnectionResult.Invalid([new FieldError("body", ErrorCodes.EmptyUpdate,
                "The body changes nothing: send credentials, testMode, defaults, priority or clear.")]);
        var errors = new FieldErrors();
        input = input.WithClearsApplied(errors);
        if (errors.Any) return new SaveConnectionResult.Invalid(errors.All);
        var existing = await FindRowAsync(storeId, distributor, cancellationToken);
        var stored = existing is null ? null : ConnectionRow.From(profile, existing);

        var testMode = input.TestMode.Or(stored?.TestMode ?? false);
        if (input.TestMode is { IsSet: true, Value: true } && !profile.HasTestMode)
            errors.Add("testMode", ErrorCodes.NoTestMode, $"{profile.DisplayName} has no test mode: every order placed through it is real.");

        var given = input.Credentials ?? [];
        foreach (var name in given.Keys.Where(k => profile.CredentialFields.All(f => f.Name != k)))
            errors.Add($"credentials.{name}", ErrorCodes.UnknownField, $"{profile.DisplayName} takes no credential '{name}'. Expected: {string.Join(", ", profile.CredentialFields.Select(f => f.Name))}.");
        var settings = new Dictionary<string, string>(stored?.Settings ?? new Dictionary<string, string>());
        var newSecrets = new Dictionary<string, string>();
        var storedSecretNames = stored?.SecretNames ?? [];
        foreach (var field in profile.CredentialFields)
        {
            var sent = given.GetValueOrDefault(field.Name);
            // Left out (or null): the stored value stays, so rotating one secret needs only that secret.
            var kept = field.IsSecret ? storedSecretNames.Contains(field.Name) : settings.ContainsKey(field.Name);
            if (sent is null && kept) continue;
            // The characters the distributor can carry where this value travels (header, query string, body).
            if (errors.Text($"credentials.{field.Name}", sent, field.MaxLength, rule: field.Rule) is not { } value) continue;
            if (field.IsSecret) newSecrets[field.Name] = value;
            else settings[field.Name] = value;
        }

        var limits = profile.Limits;
        var shipMethod = stored?.Defaults.ShipMethod;
        if (input.Defaults?.ShipMethod is { IsSet: true } sentShipMethod)
            shipMethod = errors.Text("defaults.shipMethod", sentShipMethod.Value, limits.ShipMethodMaxLength, required: false, limits.Text);
        var warehouse = stored?.Defaults.Warehouse;
        if (input.Defaults?.Warehouse is { IsSet: true } sentWarehouse)
        {
            if (limits.WarehouseMaxLength == 0 && !string.IsNullOrEmpty(sentWarehouse.Value))
                errors.Add("defaults.warehouse", ErrorCodes.NotSupported, $"{profile.DisplayName} takes no warehouse with an order.");
            else
                warehouse = errors.Text("defaults.warehouse", sentWarehouse.Value, Math.Max(limits.WarehouseMaxLength, 1), required: false, limits.Text);
        }
        var priority = input.Priority.Or(stored?.Priority);
        if (priority is < 1 or > 99) errors.Add("priority", ErrorCodes.OutOfRange, "priority must be a whole number from 1 (most preferred) to 99, or null.");
        if (errors.Any) return new SaveConnectionResult.Invalid(errors.All);

        var now = clock.GetUtcNow();
        var next = new StoredConnection(testMode, settings, storedSecretNames.Union(newSecrets.Keys).Order(StringComparer.Ordinal).ToList(),
            new ConnectionDefaults(shipMethod, warehouse), priority, now, stored?.Rejected);
        var changes = Changes(profile, stored, next, newSecrets.Keys, now);
        // New credentials end a rejection: the next check of each paused PO calls the distributor again.
        var rejectionCleared = stored?.Rejected is not null && changes.Any(c => c.Type == ConnectionChangeTypes.CredentialsChanged);
        if (rejectionCleared) next = next with { Rejected = null };
        if (stored is not null && changes.Count == 0)
            return new SaveConnectionResult.Saved(ConnectionRow.ToView(distributor, existing!), Created: false);

        cache.Invalidate(CacheRegion.Connections, storeId);
        if (newSecrets.Count > 0)
        {
            // The vault keeps one set per connection: the stored secrets with the new ones over them.
            var secrets = new Dictionary<string, string>(stored is null ? [] : await vault.GetAsync(storeId, profile.Key, cancellationToken) ?? new Dictionary<string, string>());
            foreach (var (name, value) in newSecrets) secrets[name] = value;
            await vault.SaveAsync(storeId, profile.Key, secrets, cancellationToken);
        }
        var row = ConnectionRow.ToEntity(storeId, profile.Key, next);
        var actions = new List<TableTransactionAction>
        {
            existing is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, existing.ETag),
        };
        actions.AddRange(changes.Select(change => new TableTransactionAction(TableTransactionActionType.Add, HistoryRow.ToEntity(storeId, profile.Key, change))));
        try
        {
            await (await table.GetAsync()).SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return new SaveConnectionResult.Conflict();
        }
        finally
        {
            cache.Invalidate(CacheRegion.Connections, storeId);
        }
        if (rejectionCleared)
            await attention.ResolveAsync(storeId, AttentionItem.IdFor(AttentionSubject.Connection, profile.Key, AttentionReasons.CredentialsRejected), cancellationToken);
        logger.LogInformation("Saved {Distributor} connection for store {StoreId} (test mode {TestMode}): {Changes}",
            profile.Key, storeId, testMode, string.Join(", ", changes.Select(c => c.Type)));
        return new SaveConnectionResult.Saved(ConnectionRow.ToView(distributor, row), Created: existing is null);
    }

    public async Task<bool> DeleteAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken)
    {
        if (await FindRowAsync(storeId, distributor, cancellationToken) is not { } row) return false;
        cache.Invalidate(CacheRegion.Connections, storeId);
        // The row goes with its history line; the history itself stays as the audit trail.
        await (await table.GetAsync()).SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Delete, row, ETag.All),
            new(TableTransactionActionType.Add, HistoryRow.ToEntity(storeId, distributor.Profile.Key,
                new ConnectionChange(clock.GetUtcNow(), ConnectionChangeTypes.Deleted, "Connection and its secrets deleted."))),
        ], cancellationToken);
        cache.Invalidate(CacheRegion.Connections, storeId);
        await vault.DeleteAsync(storeId, distributor.Profile.Key, cancellationToken);
        logger.LogInformation("Deleted {Distributor} connection for store {StoreId}", distributor.Profile.Key, storeId);
        return true;
    }

    /// <summary>The connection with its secrets, for one distributor call. Null when not configured.</summary>
    public async Task<DistributorAccount?> GetAccountAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken)
    {
        // The row and the secrets together: one round trip of latency instead of two (the secrets of a store that has no
        // connection are never used).
        var rowRead = FindRowAsync(storeId, distributor, cancellationToken);
        var secretsRead = vault.GetAsync(storeId, distributor.Profile.Key, cancellationToken);
        await Task.WhenAll(rowRead, secretsRead);
        if (await rowRead is not { } row) return null;
        var secrets = await secretsRead;
        if (secrets is null) return null;
        if (distributor.Profile.CredentialFields.Where(f => f.IsSecret).Any(f => !secrets.ContainsKey(f.Name))) return null;
        var stored = ConnectionRow.From(distributor.Profile, row);
        return new DistributorAccount(storeId, distributor.Profile.Key, stored.TestMode, stored.Settings,
            secrets.ToDictionary(s => s.Key, s => new Secret(s.Value)), stored.Defaults)
        { CredentialsRejectedAt = stored.Rejected?.At };
    }

    /// <summary>
    /// The distributor refused the connection's credentials: the connection says so (with the time and the call) with its
    /// history line, in one transaction. Once per rejection: a connection already marked keeps its first rejection.
    /// </summary>
    /// <returns>The connection's rejection (new or earlier) and whether this call marked it; null when the connection no longer exists.</returns>
    public async Task<(CredentialsRejection Rejection, bool Marked)?> MarkCredentialsRejectedAsync(string storeId, IDistributor distributor, DistributorCall call, string message, CancellationToken cancellationToken)
    {
        var rejection = new CredentialsRejection(clock.GetUtcNow(), call, StoredText.Clip(message));
        var change = new ConnectionChange(rejection.At, ConnectionChangeTypes.CredentialsRejected,
            $"{distributor.Profile.DisplayName} refused the credentials on {call}: {rejection.Message} Tracking of this store's {distributor.Profile.DisplayName} POs pauses until they are replaced.");
        var marked = false;
        var current = await ChangeRejectionAsync(storeId, distributor, stored => (marked = stored.Rejected is null) ? (rejection, change) : null, cancellationToken);
        return current is null ? null : (current, marked);
    }

    /// <summary>The distributor accepts the stored credentials again (a verify succeeded): the rejection ends.</summary>
    /// <returns>True when the connection was marked rejected and no longer is.</returns>
    public async Task<bool> ClearCredentialsRejectionAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken)
    {
        var change = new ConnectionChange(clock.GetUtcNow(), ConnectionChangeTypes.CredentialsAccepted,
            $"{distributor.Profile.DisplayName} accepts the credentials again: tracking resumes.");
        var cleared = false;
        await ChangeRejectionAsync(storeId, distributor, stored =>
        {
            cleared = stored.Rejected is not null;
            return cleared ? ((CredentialsRejection?)null, change) : null;
        }, cancellationToken);
        return cleared;
    }

    /// <summary>Adds one line to a connection's history (e.g. a dismissed attention entry).</summary>
    public async Task RecordAsync(string storeId, string distributor, ConnectionChange change, CancellationToken cancellationToken) =>
        await (await table.GetAsync()).AddEntityAsync(HistoryRow.ToEntity(storeId, distributor, change), cancellationToken);

    /// <summary>Read-decide-write of the rejection columns with the connection's ETag; re-decides when someone wrote in between.</summary>
    private async Task<CredentialsRejection?> ChangeRejectionAsync(string storeId, IDistributor distributor,
        Func<StoredConnection, (CredentialsRejection? Rejection, ConnectionChange Change)?> decide, CancellationToken cancellationToken)
    {
        var profile = distributor.Profile;
        for (var attempt = 1; ; attempt++)
        {
            if (await FindRowAsync(storeId, distributor, cancellationToken) is not { } row) return null;
            var stored = ConnectionRow.From(profile, row);
            if (decide(stored) is not { } decided) return stored.Rejected;
            var next = ConnectionRow.ToEntity(storeId, profile.Key, stored with { Rejected = decided.Rejection });
            cache.Invalidate(CacheRegion.Connections, storeId);
            try
            {
                await (await table.GetAsync()).SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, next, row.ETag),
                    new(TableTransactionActionType.Add, HistoryRow.ToEntity(storeId, profile.Key, decided.Change)),
                ], cancellationToken);
                return decided.Rejection;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed && attempt < 5)
            {
                // The connection changed since we read it (a PUT, another rejection): decide again on what is there now.
            }
            finally
            {
                cache.Invalidate(CacheRegion.Connections, storeId);
            }
        }
    }

    /// <summary>What changed, as audit-trail entries. Secrets are named, never shown.</summary>
    private static List<ConnectionChange> Changes(DistributorProfile profile, StoredConnection? before, StoredConnection after, IEnumerable<string> secretsSent, DateTimeOffset at)
    {
        var changes = new List<ConnectionChange>();
        if (before is null)
            changes.Add(new(at, ConnectionChangeTypes.Created, $"Connection created{(after.TestMode ? " in test mode" : "")}."));
        if ((before?.TestMode ?? false) != after.TestMode)
            changes.Add(after.TestMode
                ? new(at, ConnectionChangeTypes.TestModeOn, $"Test mode switched on: orders go to {profile.DisplayName}'s test host.")
                : new(at, ConnectionChangeTypes.TestModeOff, $"Test mode switched off: orders go to {profile.DisplayName} production and are real."));
        var credentialNames = secretsSent
            .Concat(after.Settings.Where(s => before is null || before.Settings.GetValueOrDefault(s.Key) != s.Value).Select(s => s.Key))
            .Order(StringComparer.Ordinal).ToList();
        if (before is not null && credentialNames.Count > 0)
            changes.Add(new(at, ConnectionChangeTypes.CredentialsChanged, $"Credentials replaced: {string.Join(", ", credentialNames)}." +
                (before.Rejected is not null ? " The earlier rejection is cleared: tracking resumes." : "")));
        if (before is not null && before.Defaults != after.Defaults)
            changes.Add(new(at, ConnectionChangeTypes.DefaultsChanged,
                $"Defaults: ship method {after.Defaults.ShipMethod ?? "(none)"}, warehouse {after.Defaults.Warehouse ?? "(none)"}."));
        if ((before?.Priority) != after.Priority && (before is not null || after.Priority is not null))
            changes.Add(new(at, ConnectionChangeTypes.PriorityChanged, $"Priority {after.Priority?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unset"}."));
        return changes;
    }

    private async Task<TableEntity?> FindRowAsync(string storeId, IDistributor distributor, CancellationToken cancellationToken)
    {
        var row = await (await table.GetAsync()).GetEntityIfExistsAsync<TableEntity>(storeId, distributor.Profile.Key, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }
}

/// <summary>A connection as stored, without its secrets (only their names).</summary>
internal sealed record StoredConnection(
    bool TestMode,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> SecretNames,
    ConnectionDefaults Defaults,
    int? Priority,
    DateTimeOffset UpdatedAt,
    CredentialsRejection? Rejected = null);

/// <summary>RowKey = distributor key: one connection. Settings (account numbers) are one column each, "Setting_{name}".</summary>
internal static class ConnectionRow
{
    public static class Columns
    {
        public const string TestMode = "TestMode";
        public const string ShipMethod = "ShipMethod";
        public const string Warehouse = "Warehouse";
        public const string Priority = "Priority";
        public const string SecretNames = "SecretNames";
        public const string UpdatedAt = "UpdatedAt";
        public const string SettingPrefix = "Setting_";
        public const string CredentialsRejectedAt = "CredentialsRejectedAt";
        public const string CredentialsRejectedOn = "CredentialsRejectedOn";
        public const string CredentialsRejectedMessage = "CredentialsRejectedMessage";
    }

    /// <summary>Every connection row of a store: distributor keys sort before the history rows' "~".</summary>
    public static string AllOf(string storeId) => TableClient.CreateQueryFilter($"PartitionKey eq {storeId} and RowKey lt {HistoryRow.Prefix}");

    public static TableEntity ToEntity(string storeId, string distributor, StoredConnection connection)
    {
        var row = new TableEntity(storeId, distributor)
        {
            [Columns.TestMode] = connection.TestMode,
            [Columns.ShipMethod] = connection.Defaults.ShipMethod,
            [Columns.Warehouse] = connection.Defaults.Warehouse,
            [Columns.Priority] = connection.Priority,
            [Columns.SecretNames] = string.Join(",", connection.SecretNames),
            [Columns.UpdatedAt] = connection.UpdatedAt,
            [Columns.CredentialsRejectedAt] = connection.Rejected?.At,
            [Columns.CredentialsRejectedOn] = connection.Rejected?.Call.ToString(),
            [Columns.CredentialsRejectedMessage] = connection.Rejected?.Message,
        };
        foreach (var (name, value) in connection.Settings) row[Columns.SettingPrefix + name] = value;
        return row;
    }

    public static StoredConnection From(DistributorProfile profile, TableEntity row) => new(
        row.GetBoolean(Columns.TestMode) ?? false,
        profile.CredentialFields.Where(f => !f.IsSecret)
            .Select(f => (f.Name, Value: row.GetString(Columns.SettingPrefix + f.Name)))
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Name, s => s.Value!),
        (row.GetString(Columns.SecretNames) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        new ConnectionDefaults(row.GetString(Columns.ShipMethod), row.GetString(Columns.Warehouse)),
        row.GetInt32(Columns.Priority),
        row.GetDateTimeOffset(Columns.UpdatedAt) ?? row.Timestamp ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset(Columns.CredentialsRejectedAt) is { } rejectedAt
            ? new CredentialsRejection(rejectedAt, Enum.TryParse<DistributorCall>(row.GetString(Columns.CredentialsRejectedOn), out var call) ? call : DistributorCall.LookUpOrder,
                row.GetString(Columns.CredentialsRejectedMessage) ?? "")
            : null);

    public static ConnectionView ToView(IDistributor distributor, TableEntity row)
    {
        var profile = distributor.Profile;
        var stored = From(profile, row);
        return new ConnectionView(profile.Key, profile.DisplayName, stored.TestMode, profile.HasTestMode, stored.Settings, stored.SecretNames,
            stored.Defaults, stored.Priority, stored.UpdatedAt)
        { CredentialsRejected = stored.Rejected };
    }
}

/// <summary>
/// The connection's audit trail, newest first, in the one history scheme the PO timeline uses (<see cref="HistoryRows{T}"/>):
/// RowKey <c>~history|{distributor}|{inverted stamp}|{id}</c>, after every connection row ("~" sorts after the keys).
/// </summary>
internal static class HistoryRow
{
    private const string KindName = "~history";
    public const string Prefix = KindName + "|";

    public static readonly HistoryRows<ConnectionChange> Kind = new(KindName, HistoryOrder.NewestFirst);

    /// <summary>Columns of the rows written before the one scheme (same keys, the change in three columns instead of JSON): still read.</summary>
    private static class EarlierColumns
    {
        public const string At = "At";
        public const string Type = "Type";
        public const string Message = "Message";
    }

    public static string AllOf(string storeId, string distributor) => Kind.AllOf(storeId, distributor);

    public static TableEntity ToEntity(string storeId, string distributor, ConnectionChange change) => Kind.ToEntity(storeId, distributor, change.At, change);

    public static ConnectionChange From(TableEntity row) => HistoryRows<ConnectionChange>.From(row)
        ?? new(row.GetDateTimeOffset(EarlierColumns.At) ?? DateTimeOffset.MinValue, row.GetString(EarlierColumns.Type) ?? "", row.GetString(EarlierColumns.Message) ?? "");
}
