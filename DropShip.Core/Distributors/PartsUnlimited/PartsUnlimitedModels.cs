using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropShip.Core.Distributors.PartsUnlimited;

// Parts Unlimited / LeMans drop-ship API. Field names are PU's own, snake_case, as public clients send and read them
// (docs/distributors.md): the order body and its status_code/reference_number answer, and the drop-ship order listing
// whose tracking is per line (line_items[].shipped[]).

internal sealed record PuDropShipOrderRequest(
    string DealerNumber,
    string OrderType,
    string PurchaseOrderNumber,
    string ShippingMethod,
    bool ValidatePrice,
    string CancellationPolicy,
    PuAddress ShipToAddress,
    IReadOnlyList<PuLineItem> LineItems);

internal sealed record PuAddress(
    string Name,
    string Company,
    [property: JsonPropertyName("address_line_1")] string AddressLine1,   // the snake_case policy would write address_line1
    [property: JsonPropertyName("address_line_2")] string AddressLine2,
    string City,
    string State,
    string PostalCode,
    string Country);

internal sealed record PuLineItem(int LineNumber, string PartNumber, int Quantity, decimal Price, string Currency, string Memo);

internal sealed record PuOrderResponse(int? StatusCode, string? StatusMessage, string? ReferenceNumber);

/// <summary>One page of GET orders/dropship: the orders of a date window, with no total and no PO filter.</summary>
internal sealed record PuOrderPage(int? StatusCode, string? StatusMessage, IReadOnlyList<PuOrder>? Orders);

internal sealed record PuOrder(
    string? PurchaseOrderNumber,
    string? ReferenceNumber,
    string? StatusMessage,
    string? OrderDate,
    IReadOnlyList<PuOrderLine>? LineItems);

internal sealed record PuOrderLine(string? PartNumber, PuQuantity? Ordered, IReadOnlyList<PuShipped>? Shipped);

internal sealed record PuQuantity(int? Quantity);

/// <summary>
/// What shipped of one line: a quantity, a date, PU's carrier code (e.g. ups_ground) and the tracking numbers. A public
/// client renders tracking_numbers as a list; a single string is read as a one-element list.
/// </summary>
internal sealed record PuShipped(
    int? Quantity,
    string? ShipDate,
    string? ShippedVia,
    [property: JsonConverter(typeof(OneOrManyConverter<string>))] IReadOnlyList<string>? TrackingNumbers);
