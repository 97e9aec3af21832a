using System.Text.Json.Serialization;

namespace DropShip.Core.Distributors.PartsUnlimited;

// Parts Unlimited / LeMans drop-ship API (distributors.md section 2). Field names are PU's own, snake_case.
// The lookup response's shipment fields are not published: the shape here is an assumption (see README).

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

internal sealed record PuOrderList(int? StatusCode, string? StatusMessage, IReadOnlyList<PuOrder>? Orders);

internal sealed record PuOrder(
    string? PurchaseOrderNumber,
    string? ReferenceNumber,
    string? OrderStatus,
    IReadOnlyList<PuOrderLine>? LineItems,
    IReadOnlyList<PuShipment>? Shipments);

internal sealed record PuOrderLine(string? PartNumber, int? Quantity, int? ShippedQuantity);

internal sealed record PuShipment(string? TrackingNumber, string? Carrier, string? ShipDate, IReadOnlyList<PuOrderLine>? LineItems);
