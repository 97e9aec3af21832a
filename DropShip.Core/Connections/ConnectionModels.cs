using System.Text.Json.Serialization;
using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.Connections;

/// <summary>
/// PUT body: creates a connection, or changes only the fields it sends. A field left out keeps its stored value; a
/// default or the priority named in <see cref="Clear"/> (or sent as null) is cleared; a secret is never cleared by an
/// update (delete the connection).
/// A body with none of these fields, or with any other field, is not a connection update (400).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConnectionInput
{
    /// <summary>Credential fields by the distributor's names. A field left out (or null) keeps its stored value.</summary>
    public Dictionary<string, string?>? Credentials { get; init; }

    /// <summary>Orders go to the distributor's test host. Switched only when sent; every switch is in the history.</summary>
    public Optional<bool> TestMode { get; init; }

    public ConnectionDefaultsInput? Defaults { get; init; }

    /// <summary>The store's preference among distributors when options are otherwise equal: 1 first, null (unset) last.</summary>
    public Optional<int?> Priority { get; init; }

    /// <summary>
    /// The stored values to clear, by name (<see cref="ClearableFields"/>): how a client that leaves nulls out of its JSON (as
    /// generated clients do) clears a default or the priority. A null value of the field does the same.
    /// </summary>
    public IReadOnlyList<string>? Clear { get; init; }

    /// <summary>What <see cref="Clear"/> may name.</summary>
    public static readonly IReadOnlyList<string> ClearableFields = ["defaults.shipMethod", "defaults.warehouse", "priority"];

    /// <summary>None of the fields was sent: not a connection update.</summary>
    public bool SendsNothing() => Credentials is null && !TestMode.IsSet && Defaults is null && !Priority.IsSet && Clear is not { Count: > 0 };

    /// <summary>
    /// This input with every field named in <see cref="Clear"/> sent as null, so clearing has one meaning however it was
    /// asked for. A name that is not clearable, or a field both cleared and given a value, is an error.
    /// </summary>
    public ConnectionInput WithClearsApplied(FieldErrors errors)
    {
        var clear = Clear ?? [];
        var defaults = Defaults ?? new ConnectionDefaultsInput();
        var priority = Priority;
        var cleared = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < clear.Count; i++)
        {
            var name = clear[i];
            var field = $"clear[{i}]";
            if (!ClearableFields.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(field, ErrorCodes.InvalidValue, $"{field} must be one of {string.Join(", ", ClearableFields)}.");
                continue;
            }
            if (!cleared.Add(name)) errors.Add(field, ErrorCodes.Duplicate, $"{field} names {name} twice.");
            var sent = name switch
            {
                "defaults.shipMethod" => defaults.ShipMethod is { IsSet: true, Value: not null },
                "defaults.warehouse" => defaults.Warehouse is { IsSet: true, Value: not null },
                _ => Priority is { IsSet: true, Value: not null },
            };
            if (sent) errors.Add(field, ErrorCodes.InvalidValue, $"{name} is both given a value and named in clear: send one or the other.");
            switch (name)
            {
                case "defaults.shipMethod": defaults = defaults with { ShipMethod = new Optional<string?>(null) }; break;
                case "defaults.warehouse": defaults = defaults with { Warehouse = new Optional<string?>(null) }; break;
                default: priority = new Optional<int?>(null); break;
            }
        }
        return clear.Count == 0 ? this : this with { Defaults = defaults, Priority = priority, Clear = null };
    }
}

/// <summary>The store's defaults for orders that name none. Each changes only when sent; null clears it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConnectionDefaultsInput
{
    public Optional<string?> ShipMethod { get; init; }
    public Optional<string?> Warehouse { get; init; }
}

/// <summary>What a caller may see of a connection: never a secret, only which secrets are set.</summary>
/// <param name="History">The connection's audit trail, newest first (shown when one connection is read).</param>
public sealed record ConnectionView(
    string Distributor,
    string DisplayName,
    bool TestMode,
    bool HasTestMode,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> SecretsConfigured,
    ConnectionDefaults Defaults,
    int? Priority,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ConnectionChange>? History = null);

/// <summary>
/// One change to a connection, for the audit trail: when, what kind (<see cref="ConnectionChangeTypes"/>) and a message.
/// Never a secret's value: only which secret was replaced.
/// </summary>
public sealed record ConnectionChange(DateTimeOffset At, string Type, string Message);

public static class ConnectionChangeTypes
{
    public const string Created = "Created";
    public const string TestModeOn = "TestModeOn";
    public const string TestModeOff = "TestModeOff";
    public const string CredentialsChanged = "CredentialsChanged";
    public const string DefaultsChanged = "DefaultsChanged";
    public const string PriorityChanged = "PriorityChanged";
    public const string Deleted = "Deleted";
}

public abstract record SaveConnectionResult
{
    private SaveConnectionResult() { }
    public sealed record Saved(ConnectionView Connection, bool Created) : SaveConnectionResult;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SaveConnectionResult;
    /// <summary>Someone else saved the connection between our read and our write: nothing was changed.</summary>
    public sealed record Conflict : SaveConnectionResult;
}
