using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropShip.Core.Distributors.Tucker;

// Tucker Rocky TRWS answers: one object keyed by the request type, {"ORD":{...}}, lower-case keys. status, errormsg and
// orderinput.orderline[].errormsg are what public clients read; orderoutput.ordernumber and every SHP field name are
// assumptions (docs/distributors.md). Parsing is lenient on purpose: ids may come as numbers, a one-element list as a bare object or
// an empty one as "" (common in XML-to-JSON services).

internal static class TuckerJson
{
    /// <summary>The answer section for <paramref name="type"/> (ORD, SHP, INV), or null when the body is not that JSON.</summary>
    public static T? Section<T>(string body, string type) where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var property in document.RootElement.EnumerateObject())
                if (string.Equals(property.Name, type, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Object)
                    return property.Value.Deserialize<T>(DistributorJson.Lenient);
            return null;
        }
        catch (JsonException) { return null; }
    }
}

internal sealed record TuckerStatus(string? Status, string? ErrorMsg);

internal sealed record TuckerOrderAnswer(string? Status, string? ErrorMsg, TuckerOrderInput? OrderInput, TuckerOrderOutput? OrderOutput);

internal sealed record TuckerOrderInput([property: JsonConverter(typeof(OneOrManyConverter<TuckerOrderLine>))] IReadOnlyList<TuckerOrderLine>? OrderLine);

internal sealed record TuckerOrderLine(string? Item, string? Qty, string? ErrorMsg);

internal sealed record TuckerOrderOutput(string? OrderNumber, string? Po);

internal sealed record TuckerShipmentAnswer(string? Status, string? ErrorMsg, [property: JsonConverter(typeof(OneOrManyConverter<TuckerShipment>))] IReadOnlyList<TuckerShipment>? Shipment);

/// <summary>One entry per package and item: two entries with the same tracking number are one package.</summary>
internal sealed record TuckerShipment(string? Po, string? OrderNumber, string? ShipDate, string? Carrier, string? TrackingNumber, string? Item, string? Qty);
