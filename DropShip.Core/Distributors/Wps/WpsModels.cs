using System.Text.Json;

namespace DropShip.Core.Distributors.Wps;

// WPS Data Depot v4 order processing. Field names are WPS's own, snake_case. The Carts page documents the cart fields and
// their lengths; the Orders page documents order_number in the submit answer and the PO object of GET /orders/{po}; the
// item fields (sku, order_quantity, ship_quantity) are what public clients read (docs/distributors.md).

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

/// <summary>Quantities stay null when WPS leaves them out: an unstated quantity is unknown, not zero.</summary>
internal sealed record WpsOrderItem(string? Sku, int? OrderQuantity, int? ShipQuantity);

internal static class WpsJson
{
    /// <summary>
    /// A single WPS entity, with or without the {"data":{...}} wrapper: WPS's response-type page wraps single entities,
    /// while the Orders page shows the submit answer bare and a public client reads data?.order_number ?? order_number.
    /// </summary>
    public static T? Entity<T>(string body) where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var entity = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : root;
            return entity.Deserialize<T>(DistributorJson.SnakeCase);
        }
        catch (JsonException) { return null; }
    }
}
