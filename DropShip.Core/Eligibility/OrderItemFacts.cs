using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.Eligibility;

/// <summary>What the platform's admin knows about one order item. The eligibility request body, and "item" in a submit.</summary>
public sealed record OrderItemFacts
{
    public string? OrderId { get; init; }
    /// <summary>The order number the customer sees (for the email); defaults to the order id.</summary>
    public string? OrderNumber { get; init; }
    public string? OrderStatus { get; init; }
    public string? ItemId { get; init; }
    public string? Description { get; init; }
    public int? Quantity { get; init; }
    /// <summary>Aftermarket, OEM or PrivateLabel.</summary>
    public string? Catalog { get; init; }
    public int? LeadTimeDays { get; init; }
    public IReadOnlyList<DistributorPartInput>? DistributorParts { get; init; }
    public Customer? Customer { get; init; }
    public ShipTo? ShipTo { get; init; }
}

public sealed record DistributorPartInput(string? Distributor, string? PartNumber);

public enum Catalog { Aftermarket, OEM, PrivateLabel }

/// <summary>Order item facts after validation: every required value present and within bounds.</summary>
public sealed record ValidItem(
    string OrderId,
    string OrderNumber,
    string OrderStatus,
    string ItemId,
    string? Description,
    int Quantity,
    Catalog Catalog,
    int LeadTimeDays,
    IReadOnlyList<(IDistributor Distributor, string PartNumber)> Parts,
    Customer? Customer,
    ShipTo? ShipTo)
{
    public const int MaxIdLength = 64;
    /// <summary>The longest part number any distributor takes; the part's own distributor may take fewer.</summary>
    public const int MaxPartNumberLength = 40;
    public const int MaxParts = 10;
    public const int MaxDescriptionLength = 200;

    /// <summary>Validates facts; field names in errors are prefixed with <paramref name="prefix"/> (e.g. "item.").</summary>
    public static ValidItem? From(OrderItemFacts? facts, DistributorRegistry registry, FieldErrors errors, string prefix = "")
    {
        if (facts is null)
        {
            errors.Add(prefix.TrimEnd('.') is { Length: > 0 } p ? p : "body", ErrorCodes.Required, "The order item facts are required.");
            return null;
        }
        var orderId = errors.Text(prefix + "orderId", facts.OrderId, MaxIdLength);
        var orderNumber = errors.Text(prefix + "orderNumber", facts.OrderNumber, MaxIdLength, required: false);
        var status = errors.Text(prefix + "orderStatus", facts.OrderStatus, 32);
        var itemId = errors.Text(prefix + "itemId", facts.ItemId, MaxIdLength);
        var description = errors.Text(prefix + "description", facts.Description, MaxDescriptionLength, required: false);
        if (facts.Quantity is not (>= 1 and <= 999))
            errors.Add(prefix + "quantity", facts.Quantity is null ? ErrorCodes.Required : ErrorCodes.OutOfRange, "quantity must be a whole number from 1 to 999.");
        if (facts.LeadTimeDays is not (>= 0 and <= 365))
            errors.Add(prefix + "leadTimeDays", facts.LeadTimeDays is null ? ErrorCodes.Required : ErrorCodes.OutOfRange, "leadTimeDays must be a whole number from 0 to 365.");
        var catalog = errors.OneOf<Catalog>(prefix + "catalog", facts.Catalog);

        var parts = new List<(IDistributor, string)>();
        var inputs = facts.DistributorParts ?? [];
        if (inputs.Count > MaxParts) errors.Add(prefix + "distributorParts", ErrorCodes.TooMany, $"At most {MaxParts} distributor parts.");
        for (var i = 0; i < Math.Min(inputs.Count, MaxParts); i++)
        {
            var field = $"{prefix}distributorParts[{i}]";
            var distributor = registry.Resolve(field + ".distributor", inputs[i]?.Distributor, errors);
            // Each part against its own distributor's limits: a part the distributor could not take is refused here, not at submit.
            var limits = distributor?.Profile.Limits;
            var partNumber = errors.Text(field + ".partNumber", inputs[i]?.PartNumber, limits?.PartNumberMaxLength ?? MaxPartNumberLength,
                rule: limits?.PartNumber ?? TextRule.PrintableAscii);
            if (distributor is not null && partNumber is not null) parts.Add((distributor, partNumber));
        }
        var customer = ShipToValidation.Customer(prefix + "customer.", facts.Customer, errors);
        // The order's own ship-to is only the pre-fill: any field may be missing, each within what we store.
        var shipTo = facts.ShipTo is null ? null : ShipToValidation.Validate(prefix + "shipTo.", facts.ShipTo, ShipToValidation.Stored, TextRule.Plain, errors, complete: false);

        if (errors.Any) return null;
        return new ValidItem(orderId!, orderNumber ?? orderId!, status!, itemId!, description, facts.Quantity!.Value, catalog!.Value,
            facts.LeadTimeDays!.Value, parts, customer, shipTo);
    }
}
