using System.Text;
using System.Text.Json;

namespace DropShip.Core.Distributors.Answers;

/// <summary>
/// A distributor's answer with its keys and the types of its values, every value masked: what a support engineer needs to
/// see how an answer differs from what the adapter reads, without a secret, a customer's name or an address in it. The one
/// redaction used by the go-live probe and by answer problems recorded in normal operation.
/// </summary>
public static class AnswerShape
{
    /// <summary>Longest shape kept: enough for a lookup answer's structure, small enough for a table column.</summary>
    public const int MaxLength = 1500;

    private const int MaxDepth = 8;
    private const int MaxKeyLength = 40;

    /// <summary>The masked shape of <paramref name="body"/>; for something that is not JSON, only what kind of text and how long.</summary>
    public static string Describe(string body, string? contentType = null)
    {
        if (string.IsNullOrWhiteSpace(body)) return "(empty body)";
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException)
        {
            var kind = body.TrimStart().StartsWith('<') ? "markup" : "text";
            return $"(not JSON: {kind}, {body.Length} characters{(contentType is { Length: > 0 } ? ", content type " + Clean(contentType, 60) : "")})";
        }
        using (document)
        {
            var text = new StringBuilder();
            Write(document.RootElement, text, 0);
            return text.Length <= MaxLength ? text.ToString() : text.ToString(0, MaxLength - 1) + "…";
        }
    }

    /// <summary>
    /// <paramref name="text"/> with the account's secrets replaced: a secret never travels in a report, even as a key name or
    /// a code an odd answer put it in.
    /// </summary>
    public static string WithoutSecrets(string text, DistributorAccount account)
    {
        foreach (var secret in account.Secrets.Values.Select(s => s.Reveal()).Where(s => s.Length >= 4))
            text = text.Replace(secret, "[redacted]", StringComparison.OrdinalIgnoreCase)
                .Replace(Clean(secret, secret.Length), "[redacted]", StringComparison.OrdinalIgnoreCase);
        return text;
    }

    /// <summary>The JSON type of a value as the report names it.</summary>
    public static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>
    /// A key or a code value as it may be shown: letters, digits and a few separators, cut short. Anything else becomes '?'
    /// so a control character or markup can never travel into a report.
    /// </summary>
    public static string Clean(string text, int maxLength = MaxKeyLength)
    {
        var clean = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, maxLength)))
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or '/' or '+' or ';' or '=' ? c : '?');
        return text.Length > maxLength ? clean.Append('…').ToString() : clean.ToString();
    }

    private static void Write(JsonElement value, StringBuilder text, int depth)
    {
        if (text.Length > MaxLength) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when depth >= MaxDepth:
                text.Append("{…}");
                break;
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!first) text.Append(',');
                    first = false;
                    text.Append('"').Append(Clean(property.Name)).Append("\":");
                    Write(property.Value, text, depth + 1);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (count == 0)
                {
                    text.Append("[]");
                    break;
                }
                // The first entry stands for the rest: entries of one list share a shape, and only the count matters beyond it.
                text.Append('[');
                if (depth >= MaxDepth) text.Append('…');
                else Write(value[0], text, depth + 1);
                if (count > 1) text.Append(",…(").Append(count).Append(" entries)");
                text.Append(']');
                break;
            case JsonValueKind.String:
                text.Append("\"<string>\"");
                break;
            default:
                text.Append('<').Append(TypeOf(value)).Append('>');
                break;
        }
    }
}
