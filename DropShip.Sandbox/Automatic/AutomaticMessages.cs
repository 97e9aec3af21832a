namespace DropShip.Sandbox.Automatic;

// Automatic Distributors v2 wire shapes, serialized camelCase. Only header.ponumber (lowercase), orderGenerationNumber, invoiceDate
// (MM/DD/YY), shipToAddress.phone/classification and the separate trackingNumber/proNumber are documented; the rest is assumed.

internal sealed record AutomaticOrderRequest(AutomaticHeaderRequest? Header, AutomaticAddress? ShipToAddress, IReadOnlyList<AutomaticLineRequest>? Lines);

internal sealed record AutomaticHeaderRequest(string? Ponumber, string? ShipVia);

internal sealed record AutomaticAddress(
    string? Name,
    string? Address1,
    string? Address2,
    string? City,
    string? State,
    string? Zip,
    string? Phone,
    string? Classification);

internal sealed record AutomaticLineRequest(string? PartNumber, int Quantity);

internal sealed record AutomaticError(string Error, string Message);

internal sealed record AutomaticOrderCreated(AutomaticCreatedHeader Header);

internal sealed record AutomaticCreatedHeader(string Ponumber, string OrderNumber, string OrderGenerationNumber, string? InvoiceDate);

internal sealed record AutomaticOrderView(
    AutomaticOrderHeader Header,
    AutomaticAddress ShipToAddress,
    IReadOnlyList<AutomaticOrderLineView> Lines,
    IReadOnlyList<AutomaticShipmentView> Shipments);

internal sealed record AutomaticOrderHeader(string Ponumber, string OrderNumber, string OrderGenerationNumber, string? InvoiceDate, string Status);

internal sealed record AutomaticOrderLineView(string PartNumber, int Quantity, int ShippedQuantity);

internal sealed record AutomaticShipmentView(string TrackingNumber, string? ProNumber, string Carrier, string ShipDate, IReadOnlyList<AutomaticShipmentLine> Lines);

internal sealed record AutomaticShipmentLine(string PartNumber, int Quantity);

internal sealed record AutomaticAccount(string AccountNumber, string Status);
