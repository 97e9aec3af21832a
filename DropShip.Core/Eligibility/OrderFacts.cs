using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.Eligibility;

/// <summary>
/// The whole-order eligibility request body: the order's fields once, and each item with the same facts as a
/// single-item request. An item may leave the order fields out; it takes them from the order. The whole-order submit body
/// is these facts plus the dealer's choices (OrderSubmitRequest).
/// </summary>
public record OrderFacts
{
    public string? OrderId { get; init; }
    public string? OrderNumber { get; init; }
    public string? OrderStatus { get; init; }
    public Customer? Customer { get; init; }
    public ShipTo? ShipTo { get; init; }
    public IReadOnlyList<OrderItemFacts?>? Items { get; init; }
}

/// <summary>A validated order: its id and its items, each a complete <see cref="ValidItem"/> of that order.</summary>
public sealed record ValidOrder(string OrderId, IReadOnlyList<ValidItem> Items)
{
    /// <summary>More than a dealer's order has lines; bounds the lookups (and the body stays under the 64 KB limit).</summary>
    public const int MaxItems = 50;

    private static readonly string[] OrderFields = ["orderId", "orderNumber", "orderStatus", "customer", "shipTo"];

    public static ValidOrder Of(ValidItem item) => new(item.OrderId, [item]);

    /// <summary>Validates the order and every item; item errors are named <c>items[i].field</c>, order fields once by their own name.</summary>
    public static ValidOrder? From(OrderFacts? facts, DistributorRegistry registry, FieldErrors errors)
    {
        if (facts is null)
        {
            errors.Add("body", ErrorCodes.Required, "The order facts are required.");
            return null;
        }
        var orderId = errors.Text("orderId", facts.OrderId, ValidItem.MaxIdLength);
        var inputs = facts.Items ?? [];
        if (inputs.Count == 0) errors.Add("items", ErrorCodes.Required, "items must list at least one order item.");
        if (inputs.Count > MaxItems) errors.Add("items", ErrorCodes.TooMany, $"At most {MaxItems} items per request (got {inputs.Count}).");
        if (errors.Any) return null;

        var items = new List<ValidItem>(inputs.Count);
        var itemIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var prefix = $"items[{i}].";
            if (inputs[i] is not { } input)
            {
                errors.Add($"items[{i}]", ErrorCodes.Required, $"items[{i}] must be an order item object.");
                continue;
            }
            if (input.OrderId is { } own && !string.Equals(own, orderId, StringComparison.Ordinal))
                errors.Add(prefix + "orderId", ErrorCodes.InvalidValue, $"{prefix}orderId must be the order's orderId ('{orderId}') or left out.");
            var itemErrors = new FieldErrors();
            var item = ValidItem.From(input with
            {
                OrderId = orderId,
                OrderNumber = input.OrderNumber ?? facts.OrderNumber,
                OrderStatus = input.OrderStatus ?? facts.OrderStatus,
                Customer = input.Customer ?? facts.Customer,
                ShipTo = input.ShipTo ?? facts.ShipTo,
            }, registry, itemErrors, prefix);
            foreach (var error in itemErrors.All)
            {
                // An order field the item took from the order (its ids, customer or ship-to) is reported once, under the order's own name.
                var field = error.Field[prefix.Length..];
                var orderField = OrderFields.FirstOrDefault(f => field == f || field.StartsWith(f + ".", StringComparison.Ordinal));
                if (orderField is null || Given(input, orderField) is not null)
                    errors.Add(error.Field, error.Code, error.Message);
                else if (!errors.All.Any(e => e.Field == field))
                    errors.Add(field, error.Code, error.Message.Replace(prefix, ""));
            }
            if (item is null) continue;
            if (!itemIds.Add(item.ItemId))
                errors.Add(prefix + "itemId", ErrorCodes.Duplicate, $"Item '{item.ItemId}' appears more than once in the order.");
            items.Add(item);
        }
        return errors.Any ? null : new ValidOrder(orderId!, items);
    }

    private static object? Given(OrderItemFacts item, string field) => field switch
    {
        "orderNumber" => item.OrderNumber,
        "orderStatus" => item.OrderStatus,
        "customer" => item.Customer,
        "shipTo" => item.ShipTo,
        _ => item.OrderId,
    };
}
