using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropShip.Core.Common;

/// <summary>
/// A field of a partial update: whether the caller sent it at all, and what. An update changes only what was sent, so
/// "left out" and "sent as null" must stay apart (null clears a value that may be cleared; left out keeps it).
/// </summary>
[JsonConverter(typeof(OptionalJsonConverter))]
public readonly record struct Optional<T>
{
    public Optional(T value)
    {
        Value = value;
        IsSet = true;
    }

    public bool IsSet { get; }

    public T Value { get; }

    /// <summary>The sent value, or <paramref name="kept"/> when the field was left out.</summary>
    public T Or(T kept) => IsSet ? Value : kept;

    public static implicit operator Optional<T>(T value) => new(value);

    public override string ToString() => IsSet ? $"{Value}" : "(not sent)";
}

/// <summary>Reads <see cref="Optional{T}"/>: present (even as null) is set; a missing property never reaches the converter.</summary>
public sealed class OptionalJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Converter<T> : JsonConverter<Optional<T>>
    {
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<T>(ref reader, options)!);

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value.IsSet) JsonSerializer.Serialize(writer, value.Value, options);
            else writer.WriteNullValue();
        }
    }
}
