using System.Text.Json;
using DropShip.Core.Feeds.Parsing;

namespace DropShip.Core.Distributors;

/// <summary>
/// Reading stock answers, whose figures public clients see both as numbers and as text ("5", "10+", "19.95", ""):
/// one lenient reader for the availability adapters, never throwing.
/// </summary>
internal static class AvailabilityJson
{
    public static JsonDocument? Parse(string body)
    {
        try { return JsonDocument.Parse(body); }
        catch (JsonException) { return null; }
    }

    public static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }

    /// <summary>The first of <paramref name="names"/> present as text or a number, as text.</summary>
    public static string? Text(JsonElement element, params string[] names)
    {
        foreach (var name in names)
            if (Property(element, name) is { } value)
                switch (value.ValueKind)
                {
                    case JsonValueKind.String: return value.GetString();
                    case JsonValueKind.Number: return value.GetRawText();
                }
        return null;
    }

    /// <summary>A price: a number or numeric text; empty, missing or negative is unknown.</summary>
    public static decimal? Money(JsonElement element, params string[] names) =>
        Text(element, names) is { } text && FeedValues.TryParsePrice(text, out var price) && price is { } value ? value : null;

    /// <summary>
    /// A quantity as disclosed, with the distributor's cap: "10+" and any figure at or above <paramref name="cap"/> are floors.
    /// Null when the value is missing or not a whole number.
    /// </summary>
    public static (int Quantity, bool IsFloor)? Quantity(JsonElement value, int? cap)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        if (text is null || !FeedValues.TryParseQuantity(text, cap, out var quantity, out var floor)) return null;
        return (quantity, floor);
    }

    public static bool? Flag(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } text => FeedValues.IsYes(text.GetString()),
        _ => null,
    };

    public static IEnumerable<JsonElement> Items(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray(),
        { ValueKind: JsonValueKind.Object } one => [one],
        _ => [],
    };
}
