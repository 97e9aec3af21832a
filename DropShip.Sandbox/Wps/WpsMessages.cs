using System.Text.Json.Serialization;

namespace DropShip.Sandbox.Wps;

// Data Depot v4 wire shapes; serialized snake_case. Single entities go in {"data":{...}} where WpsApi wraps them.

internal sealed record WpsData<T>(T Data);

internal sealed record WpsError(string Message, int StatusCode);

internal sealed record WpsCartRequest(
    string? PoNumber,
    string? DefaultWarehouse,
    string? ShipVia,
    string? ShipName,
    [property: JsonPropertyName("ship_address1")] string? ShipAddress1,
    [property: JsonPropertyName("ship_address2")] string? ShipAddress2,
    string? ShipCity,
    string? ShipState,
    string? ShipZip,
    string? ShipPhone,
    string? Email,
    string? PayType,
    bool? AllowBackorder,
    [property: JsonPropertyName("comment1")] string? Comment1);

internal sealed record WpsCartCreated(string CartNumber, string PoNumber, string ShipmentType);

internal sealed record WpsCartItemRequest(string? ItemSku, int Quantity);

internal sealed record WpsCartItemAdded(string Status, string ItemSku, int Quantity);

internal sealed record WpsOrderRequest(string? PoNumber);

internal sealed record WpsOrderSubmitted(string OrderNumber, string PoNumber, string Status);

internal sealed record WpsPurchaseOrderView(
    string PoNumber,
    string ShipName,
    string ShipAddress,
    string ShipCity,
    string ShipState,
    string ShipZip,
    IReadOnlyList<WpsOrderDetail> OrderDetails);

internal sealed record WpsOrderDetail(
    string OrderNumber,
    string OrderStatus,
    int InvoiceNumber,
    decimal Freight,
    decimal MiscCharges,
    decimal OrderTotal,
    string Warehouse,
    string OrderDate,
    string? ShipDate,
    string? InvoiceDate,
    string ShipVia,
    IReadOnlyList<string> TrackingNumbers,
    IReadOnlyList<WpsOrderItem> Items);

internal sealed record WpsOrderItem(string Sku, int OrderQuantity, int ShipQuantity, int BackorderQuantity, decimal Price);
