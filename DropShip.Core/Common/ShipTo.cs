namespace DropShip.Core.Common;

/// <summary>Where the distributor ships. Pre-filled from the order; the dealer may edit it before submitting.</summary>
public sealed record ShipTo
{
    public string? Name { get; init; }
    public string? Company { get; init; }
    public string? Address1 { get; init; }
    public string? Address2 { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}

/// <summary>The order's customer, for the shipping email.</summary>
public sealed record Customer
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
}
