namespace DropShip.Core.Distributors.Automatic;

// Automatic Distributors API v2. Published by an integrator's v2 change list: /order/create, header.ponumber (lower case),
// orderGenerationNumber (2 digits), invoiceDate (MM/DD/YY), shipToAddress.phone/classification, separate trackingNumber and
// proNumber. Everything else (auth header, other names, error body) is assumed and mirrors the sandbox (docs/distributors.md).

internal sealed record AutomaticOrderRequest(AutomaticRequestHeader Header, AutomaticAddress ShipToAddress, IReadOnlyList<AutomaticLine> Lines);

internal sealed record AutomaticRequestHeader(string Ponumber, string? ShipVia);

internal sealed record AutomaticAddress(string Name, string Address1, string? Address2, string City, string State, string Zip, string? Phone);

internal sealed record AutomaticLine(string PartNumber, int Quantity);

internal sealed record AutomaticError(string? Error, string? Message);

internal sealed record AutomaticOrderCreated(AutomaticHeader? Header);

internal sealed record AutomaticHeader(string? Ponumber, string? OrderNumber, string? OrderGenerationNumber, string? InvoiceDate, string? Status);

internal sealed record AutomaticOrder(AutomaticHeader? Header, IReadOnlyList<AutomaticOrderLine>? Lines, IReadOnlyList<AutomaticShipment>? Shipments);

internal sealed record AutomaticOrderLine(string? PartNumber, int? Quantity, int? ShippedQuantity);

/// <param name="TrackingNumber">A parcel tracking number (UPS, FedEx...).</param>
/// <param name="ProNumber">A freight bill ("PRO") number from an LTL carrier: not a parcel tracking number.</param>
internal sealed record AutomaticShipment(string? TrackingNumber, string? ProNumber, string? Carrier, string? ShipDate, IReadOnlyList<AutomaticShipmentLine>? Lines);

internal sealed record AutomaticShipmentLine(string? PartNumber, int? Quantity);
