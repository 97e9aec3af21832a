using System.Text.Json.Serialization;

namespace DropShip.Sandbox.PartsUnlimited;

// Parts Unlimited drop-ship wire shapes; serialized snake_case. Outcomes travel in the body's status_code, usually with HTTP 200.

internal sealed record PuDropshipRequest(
    string? DealerNumber,
    string? OrderType,
    string? PurchaseOrderNumber,
    string? ShippingMethod,
    bool? ValidatePrice,
    object? CancellationPolicy, // seen both as "back_order" and "0"
    bool? LeaveOrderOpen,
    PuAddress? ShipToAddress,
    IReadOnlyList<PuLineItemRequest>? LineItems);

internal sealed record PuAddress(
    string? Name,
    string? Company,
    [property: JsonPropertyName("address_line_1")] string? AddressLine1,
    [property: JsonPropertyName("address_line_2")] string? AddressLine2,
    string? City,
    string? State,
    string? PostalCode,
    string? Country);

internal sealed record PuLineItemRequest(int LineNumber, string? PartNumber, int Quantity, decimal Price, string? Currency, string? Memo);

internal sealed record PuStatus(int StatusCode, string StatusMessage);

internal sealed record PuOrderAccepted(
    int StatusCode,
    string StatusMessage,
    string ReferenceNumber,
    decimal OrderTotal,
    IReadOnlyList<PuAcceptedLine> LineItems);

internal sealed record PuAcceptedLine(string PartNumber, PuOrderedQuantity Ordered);

internal sealed record PuOrderedQuantity(int Quantity);

internal sealed record PuOrdersPage(int StatusCode, IReadOnlyList<PuOrderView> Orders, int PageNum, int TotalPages);

internal sealed record PuOrderView(
    string PurchaseOrderNumber,
    string ReferenceNumber,
    string OrderStatus,
    string OrderDate,
    IReadOnlyList<PuOrderLineView> LineItems,
    IReadOnlyList<PuShipmentView> Shipments);

internal sealed record PuOrderLineView(string PartNumber, int Quantity, int ShippedQuantity);

internal sealed record PuShipmentView(string TrackingNumber, string Carrier, string ShipDate, IReadOnlyList<PuShipmentLine> LineItems);

internal sealed record PuShipmentLine(string PartNumber, int Quantity);

