using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Submission;

/// <summary>
/// The whole-order submit body: the order facts as the whole-order eligibility request has them (the order's fields once,
/// its items), plus the dealer's choices. Everything ships to the order's ShipTo, which is required here (complete, and
/// within the limits of each distributor it is sent to), by one <see cref="ShipMethod"/>; an item may not name a ship-to
/// of its own.
/// </summary>
public sealed record OrderSubmitRequest : OrderFacts
{
    /// <summary>Per item, the distributor part chosen; an item left out gets the eligibility answer's recommended option.</summary>
    public IReadOnlyList<ItemChoice?>? Choices { get; init; }
    /// <summary>The PO number of each distributor's PO, in the order the POs are formed; a PO without one gets the suggested number.</summary>
    public IReadOnlyList<GroupPoNumber?>? PoNumbers { get; init; }
    public string? ShipMethod { get; init; }
    /// <summary>Must be true: the dealer confirms this places real orders that cost money.</summary>
    public bool? ConfirmRealOrder { get; init; }
    public bool? AllowBackorder { get; init; }
}

public sealed record ItemChoice(string? ItemId, string? Distributor, string? PartNumber);

public sealed record GroupPoNumber(string? Distributor, string? PoNumber);

/// <summary>
/// A submit that passed validation: the order, each item's chosen part (null: the recommended one), the PO numbers given
/// per distributor (used in the order the distributor's POs are formed), and what every PO shares.
/// </summary>
/// <param name="Choices">By item id.</param>
/// <param name="PoNumbers">By distributor key.</param>
public sealed record ValidOrderSubmission(
    ValidOrder Order,
    IReadOnlyDictionary<string, (IDistributor Distributor, string PartNumber)> Choices,
    IReadOnlyDictionary<string, IReadOnlyList<string>> PoNumbers,
    ShipTo ShipTo,
    string? ShipMethod,
    bool AllowBackorder)
{
    /// <summary>The one-item submit as the one-line case of a whole-order submit.</summary>
    public static ValidOrderSubmission Of(ValidSubmission submission) => new(
        ValidOrder.Of(submission.Item),
        new Dictionary<string, (IDistributor, string)>(StringComparer.Ordinal) { [submission.Item.ItemId] = (submission.Distributor, submission.PartNumber) },
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [submission.Distributor.Profile.Key] = [submission.PoNumber] },
        submission.ShipTo,
        submission.ShipMethod,
        submission.AllowBackorder);
}

public static class OrderSubmitValidation
{
    /// <summary>Validates what does not depend on which distributor an item ends up with; each PO is checked against its distributor's limits later.</summary>
    public static ValidOrderSubmission? Validate(OrderSubmitRequest request, DistributorRegistry distributors, FieldErrors errors)
    {
        var order = ValidOrder.From(request, distributors, errors);
        if (request.ConfirmRealOrder != true)
            errors.Add("confirmRealOrder", ErrorCodes.ConfirmationRequired, "Set confirmRealOrder to true to confirm that this places real orders with the distributors.");
        var shipMethod = errors.Text("shipMethod", request.ShipMethod, 20, required: false, TextRule.PrintableAscii);
        ShipTo? shipTo = null;
        if (request.ShipTo is null) errors.Add("shipTo", ErrorCodes.Required, "shipTo is required: every item ships to the order's ship-to.");
        else shipTo = ShipToValidation.Validate("shipTo.", request.ShipTo, ShipToValidation.Stored, TextRule.Plain, errors, complete: true);
        if (shipTo is { State: { } state } && !state.All(char.IsAsciiLetter))
            errors.Add("shipTo.state", ErrorCodes.InvalidValue, "shipTo.state must be a two-letter state code.");
        for (var i = 0; i < (request.Items?.Count ?? 0); i++)
            if (request.Items![i]?.ShipTo is not null)
                errors.Add($"items[{i}].shipTo", ErrorCodes.NotSupported, "A whole-order submit ships every item to the order's shipTo: leave the item's shipTo out.");

        var choices = new Dictionary<string, (IDistributor, string)>(StringComparer.Ordinal);
        var givenChoices = request.Choices ?? [];
        if (givenChoices.Count > ValidOrder.MaxItems) errors.Add("choices", ErrorCodes.TooMany, $"At most {ValidOrder.MaxItems} choices.");
        for (var i = 0; i < Math.Min(givenChoices.Count, ValidOrder.MaxItems); i++)
        {
            var field = $"choices[{i}]";
            if (givenChoices[i] is not { } choice)
            {
                errors.Add(field, ErrorCodes.Required, $"{field} must be an object.");
                continue;
            }
            var itemId = errors.Text(field + ".itemId", choice.ItemId, ValidItem.MaxIdLength);
            var distributor = distributors.Resolve(field + ".distributor", choice.Distributor, errors);
            var partNumber = errors.Text(field + ".partNumber", choice.PartNumber, distributor?.Profile.Limits.PartNumberMaxLength ?? ValidItem.MaxPartNumberLength,
                rule: distributor?.Profile.Limits.PartNumber ?? TextRule.PrintableAscii);
            // The order's own errors are already reported; a choice is checked against a valid order only.
            if (itemId is null || distributor is null || partNumber is null || order is null) continue;
            if (order.Items.FirstOrDefault(i => i.ItemId == itemId) is not { } item)
                errors.Add(field + ".itemId", ErrorCodes.InvalidValue, $"Item '{itemId}' is not one of the order's items.");
            else if (!item.Parts.Any(p => p.Distributor == distributor && string.Equals(p.PartNumber, partNumber, StringComparison.OrdinalIgnoreCase)))
                errors.Add(field + ".partNumber", ErrorCodes.NotAnOption, $"The chosen distributor and part number are not among item '{itemId}''s distributor parts.");
            else if (!choices.TryAdd(itemId, (distributor, partNumber)))
                errors.Add(field + ".itemId", ErrorCodes.Duplicate, $"Item '{itemId}' is chosen more than once.");
            else if (item.Quantity > distributor.Profile.Limits.MaxQuantity)
                errors.Add(field, ErrorCodes.OutOfRange, $"{distributor.Profile.DisplayName} accepts at most {distributor.Profile.Limits.MaxQuantity} per line.");
        }

        var poNumbers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var givenNumbers = request.PoNumbers ?? [];
        if (givenNumbers.Count > ValidOrder.MaxItems) errors.Add("poNumbers", ErrorCodes.TooMany, $"At most {ValidOrder.MaxItems} PO numbers.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(givenNumbers.Count, ValidOrder.MaxItems); i++)
        {
            var field = $"poNumbers[{i}]";
            if (givenNumbers[i] is not { } given)
            {
                errors.Add(field, ErrorCodes.Required, $"{field} must be an object.");
                continue;
            }
            var distributor = distributors.Resolve(field + ".distributor", given.Distributor, errors);
            var number = PoNumbers.Validate(field + ".poNumber", given.PoNumber, errors, distributor?.Profile.Limits.PoNumberMaxLength ?? PoNumbers.MaxLength);
            if (distributor is null || number is null) continue;
            if (!seen.Add(number)) errors.Add(field + ".poNumber", ErrorCodes.Duplicate, $"PO number {number} is given more than once.");
            else (poNumbers.TryGetValue(distributor.Profile.Key, out var list) ? list : poNumbers[distributor.Profile.Key] = []).Add(number);
        }

        if (errors.Any) return null;
        return new ValidOrderSubmission(order!, choices, poNumbers.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal),
            shipTo! with { Country = shipTo!.Country ?? "US" }, shipMethod, request.AllowBackorder == true);
    }

    /// <summary>The ship-to and ship method against one distributor's limits, for the PO about to be sent to it: the problems, or none.</summary>
    public static IReadOnlyList<FieldError> ForDistributor(ValidOrderSubmission submission, IDistributor distributor)
    {
        var errors = new FieldErrors();
        var limits = distributor.Profile.Limits;
        ShipToValidation.Validate("shipTo.", submission.ShipTo, limits.ShipTo, limits.Text, errors, complete: true);
        errors.Text("shipMethod", submission.ShipMethod, limits.ShipMethodMaxLength, required: false, limits.Text);
        return errors.All;
    }
}
