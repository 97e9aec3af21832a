using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Submission;

/// <summary>A submit request that passed validation: every value present and within the chosen distributor's limits.</summary>
/// <param name="AllowBackorder">The dealer accepts a backorder when the distributor shows too little stock now.</param>
public sealed record ValidSubmission(ValidItem Item, IDistributor Distributor, string PartNumber, string PoNumber, ShipTo ShipTo, string? ShipMethod, bool AllowBackorder);

/// <summary>
/// A submit body against the chosen distributor's limits, before anything is stored or sent: every field we send the
/// distributor (PO number, part number, ship-to, ship method, quantity) within its length and character rules.
/// </summary>
public static class SubmitValidation
{
    public static ValidSubmission? Validate(SubmitRequest request, DistributorRegistry distributors, FieldErrors errors)
    {
        var item = ValidItem.From(request.Item, distributors, errors, prefix: "item.");
        var distributor = distributors.Resolve("distributor", request.Distributor, errors);
        if (request.ConfirmRealOrder != true)
            errors.Add("confirmRealOrder", ErrorCodes.ConfirmationRequired, "Set confirmRealOrder to true to confirm that this places a real order with the distributor.");
        var limits = distributor?.Profile.Limits;
        var partNumber = errors.Text("partNumber", request.PartNumber, limits?.PartNumberMaxLength ?? ValidItem.MaxPartNumberLength,
            rule: limits?.PartNumber ?? TextRule.PrintableAscii);
        var shipMethod = errors.Text("shipMethod", request.ShipMethod, limits?.ShipMethodMaxLength ?? 20, required: false, limits?.Text);
        string? poNumber = null;
        ShipTo? shipTo = null;
        if (limits is not null)
        {
            poNumber = PoNumbers.Validate("poNumber", request.PoNumber, errors, limits.PoNumberMaxLength);
            if (request.ShipTo is null) errors.Add("shipTo", ErrorCodes.Required, "shipTo is required.");
            else shipTo = ShipToValidation.Validate("shipTo.", request.ShipTo, limits.ShipTo, limits.Text, errors, complete: true);
        }
        if (item is not null && distributor is not null && partNumber is not null &&
            !item.Parts.Any(p => p.Distributor == distributor && string.Equals(p.PartNumber, partNumber, StringComparison.OrdinalIgnoreCase)))
            errors.Add("partNumber", ErrorCodes.NotAnOption, "The chosen distributor and part number are not among the item's distributor parts.");
        if (item is not null && limits is not null && item.Quantity > limits.MaxQuantity)
            errors.Add("item.quantity", ErrorCodes.OutOfRange, $"{distributor!.Profile.DisplayName} accepts at most {limits.MaxQuantity} per line.");
        if (shipTo is { State: { } state } && !state.All(char.IsAsciiLetter))
        {
            errors.Add("shipTo.state", ErrorCodes.InvalidValue, "shipTo.state must be a two-letter state code.");
        }
        if (errors.Any) return null;
        return new ValidSubmission(item!, distributor!, partNumber!, poNumber!, shipTo! with { Country = shipTo!.Country ?? "US" }, shipMethod,
            request.AllowBackorder == true);
    }

    /// <summary>
    /// The store's defaults (ship method, warehouse) go out when the submit names none. They were checked when the
    /// connection was saved; checked again here because a distributor's limits may have changed since.
    /// </summary>
    public static FieldError? StoredDefaults(ConnectionDefaults defaults, IDistributor distributor, string? shipMethod)
    {
        var errors = new FieldErrors();
        var limits = distributor.Profile.Limits;
        if (shipMethod is null)
            errors.Text("defaults.shipMethod", defaults.ShipMethod, limits.ShipMethodMaxLength, required: false, limits.Text);
        if (defaults.Warehouse is not null && limits.WarehouseMaxLength > 0)
            errors.Text("defaults.warehouse", defaults.Warehouse, limits.WarehouseMaxLength, required: false, limits.Text);
        return errors.Any
            ? errors.All[0] with { Message = $"The store's {distributor.Profile.DisplayName} connection has a default that cannot be sent: {errors.All[0].Message} Name a shipMethod or fix the connection's defaults." }
            : null;
    }
}
