using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropShip.Core.Distributors;

/// <summary>
/// JSON shared by the adapters: WPS's and Parts Unlimited's snake_case, the lenient reading of Tucker Rocky's and
/// Automatic's answers, and a parse that never throws. A distributor's folder uses these rather than options or converters
/// of its own, so an answer's shape is read one way whichever distributor sends it.
/// </summary>
public static class DistributorJson
{
    /// <summary>
    /// snake_case names, numbers accepted as strings, nulls left out of requests. Strings stay strict: WPS and Parts Unlimited
    /// document their types, so a string field that comes as another type is an answer that cannot be read (an order
    /// answer stays unconfirmed and is looked up), not a guess.
    /// </summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>
    /// Web (camelCase, case-insensitive) names, numbers accepted as strings, nulls left out of requests, and ids read whatever
    /// scalar type they come as: for the distributors whose answer types are assumed rather than documented (Tucker Rocky,
    /// Automatic).
    /// </summary>
    public static readonly JsonSerializerOptions Lenient = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new LenientStringConverter() },
    };

    /// <summary>A distributor's body as <typeparamref name="T"/>, or default when it is not that JSON (an HTML error page, say).</summary>
    public static T? TryParse<T>(string body, JsonSerializerOptions options)
    {
        try { return JsonSerializer.Deserialize<T>(body, options); }
        catch (JsonException) { return default; }
    }

    /// <summary>
    /// A scalar as the distributor wrote it: a string, a number's own digits (a 22-digit tracking number must not pass through
    /// a double), or true/false; null for anything else, which is skipped.
    /// </summary>
    internal static string? ReadText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            default:
                reader.Skip();
                return null;
        }
    }
}

/// <summary>
/// Reads a string, or a number or boolean as its text: distributors send ids such as order numbers unquoted as often as
/// quoted. Anything else (an object, a list) reads as null.
/// </summary>
public sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => DistributorJson.ReadText(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Reads a list that may come as an array, as its one entry alone (a bare object; for a list of text, a string, which may
/// hold several entries separated by commas), or as an empty string: the forms XML-to-JSON services and public clients
/// show. An entry of another kind than the list holds is skipped; anything else reads as an empty list.
/// </summary>
public sealed class OneOrManyConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    private static readonly bool OfText = typeof(T) == typeof(string);

    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var entries = new List<T>();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                if (Entry(ref reader, options) is { } entry) entries.Add(entry);
        }
        else if (OfText && reader.TokenType == JsonTokenType.String)
        {
            foreach (var text in (reader.GetString() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                entries.Add((T)(object)text);
        }
        else if (Entry(ref reader, options) is { } one)
        {
            entries.Add(one);
        }
        return entries;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToArray(), options);

    private static T? Entry(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        // A list of text takes strings and numbers (tracking numbers come as both); true/false is no entry of one.
        if (OfText && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
            return DistributorJson.ReadText(ref reader) is { Length: > 0 } text ? (T)(object)text : default;
        if (!OfText && reader.TokenType == JsonTokenType.StartObject)
            return JsonSerializer.Deserialize<T>(ref reader, options);
        reader.Skip();
        return default;
    }
}
