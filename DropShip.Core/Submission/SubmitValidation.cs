using System.Text.RegularExpressions;
using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.Submission;

/// <summary>The PO number and ship-to against the chosen distributor's limits, before anything is sent or stored.</summary>
public static partial class SubmitValidation
{
    public static string? PoNumber(string? value, OrderLimits limits, FieldErrors errors)
    {
        var po = errors.Text("poNumber", value, limits.PoNumberMaxLength);
        if (po is not null && !PoNumberPattern().IsMatch(po))
        {
            errors.Add("poNumber", "illegal_characters", "poNumber may contain only letters, digits, '-', '_' and '.', and must start with a letter or digit.");
            return null;
        }
        return po;
    }

    public static ShipTo? ShipTo(ShipTo? value, ShipToLimits limits, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Add("shipTo", "required", "shipTo is required.");
            return null;
        }
        var before = errors.All.Count;
        var shipTo = new ShipTo
        {
            Name = errors.Text("shipTo.name", value.Name, limits.Name),
            Company = errors.Text("shipTo.company", value.Company, limits.Name, required: false),
            Address1 = errors.Text("shipTo.address1", value.Address1, limits.Address),
            Address2 = errors.Text("shipTo.address2", value.Address2, limits.Address, required: false),
            City = errors.Text("shipTo.city", value.City, limits.City),
            State = errors.Text("shipTo.state", value.State, limits.State)?.ToUpperInvariant(),
            PostalCode = errors.Text("shipTo.postalCode", value.PostalCode, limits.PostalCode),
            Country = errors.Text("shipTo.country", value.Country, 2, required: false)?.ToUpperInvariant() ?? "US",
            Phone = errors.Text("shipTo.phone", value.Phone, limits.Phone, required: false),
            Email = errors.Text("shipTo.email", value.Email, limits.Email, required: false),
        };
        if (shipTo.State is { } state && !state.All(char.IsAsciiLetter))
            errors.Add("shipTo.state", "invalid_value", "shipTo.state must be a two-letter state code.");
        if (shipTo.Email is { } email && !email.Contains('@'))
            errors.Add("shipTo.email", "invalid_value", "shipTo.email is not an email address.");
        return errors.All.Count == before ? shipTo : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex PoNumberPattern();
}
