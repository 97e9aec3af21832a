namespace DropShip.Core.Distributors.Wps;

// WPS Data Depot v4 order processing (distributors.md section 1). Field names are WPS's own, snake_case.

internal sealed record WpsCartRequest(
    string PoNumber,
    string ShipVia,
    string? DefaultWarehouse,
    string ShipName,
    string ShipAddress1,
    string? ShipAddress2,
    string ShipCity,
    string ShipState,
    string ShipZip,
    string? ShipPhone,
    string? Email,
    bool AllowBackorder);

internal sealed record WpsCartItemRequest(string ItemSku, int Quantity);

internal sealed record WpsSubmitOrderRequest(string PoNumber);

internal sealed record WpsData<T>(T? Data);

internal sealed record WpsSubmittedOrder(string? OrderNumber, string? PoNumber, string? Status);

internal sealed record WpsError(string? Message, int? StatusCode, WpsError? Error);

internal sealed record WpsPurchaseOrder(string? PoNumber, IReadOnlyList<WpsOrderDetail>? OrderDetails);

internal sealed record WpsOrderDetail(
    string? OrderNumber,
    string? OrderStatus,
    long? InvoiceNumber,
    string? ShipDate,
    string? ShipVia,
    IReadOnlyList<string>? TrackingNumbers,
    IReadOnlyList<WpsOrderItem>? Items);

internal sealed record WpsOrderItem(string? Sku, int? Quantity);
