using DropShip.Core.Distributors;

namespace DropShip.Core.Common;

/// <summary>A ship-to and a customer checked field by field against the limits of where they go.</summary>
public static class ShipToValidation
{
    /// <summary>What we store for an order's own ship-to and customer (the pre-fill): generous, but inside a Table property.</summary>
    public static readonly ShipToLimits Stored = new(Name: 100, Address: 100, City: 60, State: 30, PostalCode: 20, Phone: 32, Email: 254);

    /// <summary>
    /// Trimmed copies of the fields, or null (with errors under <paramref name="prefix"/>) when any field breaks a limit or
    /// the rule. <paramref name="complete"/>: what a distributor needs to ship (name, address, city, state, postal code) must be there.
    /// </summary>
    public static ShipTo? Validate(string prefix, ShipTo value, ShipToLimits limits, TextRule rule, FieldErrors errors, bool complete)
    {
        var before = errors.All.Count;
        var shipTo = new ShipTo
        {
            Name = errors.Text(prefix + "name", value.Name, limits.Name, complete, rule),
            Company = errors.Text(prefix + "company", value.Company, limits.Name, required: false, rule),
            Address1 = errors.Text(prefix + "address1", value.Address1, limits.Address, complete, rule),
            Address2 = errors.Text(prefix + "address2", value.Address2, limits.Address, required: false, rule),
            City = errors.Text(prefix + "city", value.City, limits.City, complete, rule),
            State = errors.Text(prefix + "state", value.State, limits.State, complete, rule)?.ToUpperInvariant(),
            PostalCode = errors.Text(prefix + "postalCode", value.PostalCode, limits.PostalCode, complete, rule),
            Country = errors.Text(prefix + "country", value.Country, 2, required: false, TextRule.PrintableAscii)?.ToUpperInvariant(),
            Phone = errors.Text(prefix + "phone", value.Phone, limits.Phone, required: false, rule),
            Email = errors.Text(prefix + "email", value.Email, limits.Email, required: false, rule),
        };
        if (shipTo.Country is { } country && !country.All(char.IsAsciiLetter))
            errors.Add(prefix + "country", ErrorCodes.InvalidValue, $"{prefix}country must be a two-letter country code.");
        if (shipTo.Email is { } email && !email.Contains('@'))
            errors.Add(prefix + "email", ErrorCodes.InvalidValue, $"{prefix}email is not an email address.");
        return errors.All.Count == before ? shipTo : null;
    }

    /// <summary>The order's customer, for the shipping email: within the stored limits, the email an address.</summary>
    public static Customer? Customer(string prefix, Customer? value, FieldErrors errors)
    {
        if (value is null) return null;
        var before = errors.All.Count;
        var customer = new Customer
        {
            Name = errors.Text(prefix + "name", value.Name, Stored.Name, required: false),
            Email = errors.Text(prefix + "email", value.Email, Stored.Email, required: false),
            Phone = errors.Text(prefix + "phone", value.Phone, Stored.Phone, required: false),
        };
        if (customer.Email is { } email && !email.Contains('@'))
            errors.Add(prefix + "email", ErrorCodes.InvalidValue, $"{prefix}email is not an email address.");
        return errors.All.Count == before ? customer : null;
    }
}
