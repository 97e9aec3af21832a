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

internal sealed record PuAcceptedLine(string PartNumber, PuQuantity Ordered);

internal sealed record PuQuantity(int Quantity);

/// <summary>One page of GET orders/dropship: only the orders, as public clients read it (data.orders); no total, no page count.</summary>
internal sealed record PuOrdersPage(IReadOnlyList<PuOrderView> Orders);

internal sealed record PuOrderView(
    string PurchaseOrderNumber,
    string StatusMessage,
    string ReferenceNumber,
    decimal OrderTotal,
    string OrderDate,
    decimal DropShipFee,
    IReadOnlyList<PuOrderLineView> LineItems);

/// <summary>A line: what was ordered and what shipped, tracking per shipped entry.</summary>
internal sealed record PuOrderLineView(string PartNumber, decimal Price, PuQuantity Ordered, IReadOnlyList<PuShippedView> Shipped);

internal sealed record PuShippedView(int Quantity, string ShipDate, string ShippedVia, IReadOnlyList<string> TrackingNumbers);

