namespace DropShip.Core.Connections;

/// <summary>PUT body: credentials by the distributor's field names, test mode, defaults.</summary>
public sealed record ConnectionInput
{
    public Dictionary<string, string?>? Credentials { get; init; }
    public bool TestMode { get; init; }
    public ConnectionDefaultsInput? Defaults { get; init; }
    /// <summary>The store's preference among distributors when options are otherwise equal: 1 first, unset last.</summary>
    public int? Priority { get; init; }
}

public sealed record ConnectionDefaultsInput(string? ShipMethod, string? Warehouse);

/// <summary>What a caller may see of a connection: never a secret, only which secrets are set.</summary>
public sealed record ConnectionView(
    string Distributor,
    string DisplayName,
    bool TestMode,
    bool HasTestMode,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> SecretsConfigured,
    ConnectionDefaultsInput Defaults,
    int? Priority,
    DateTimeOffset UpdatedAt);

public abstract record SaveConnectionResult
{
    private SaveConnectionResult() { }
    public sealed record Saved(ConnectionView Connection, bool Created) : SaveConnectionResult;
    public sealed record Invalid(IReadOnlyList<Common.FieldError> Errors) : SaveConnectionResult;
}
