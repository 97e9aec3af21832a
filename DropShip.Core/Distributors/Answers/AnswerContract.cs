using System.Text.Json;

namespace DropShip.Core.Distributors.Answers;

/// <summary>What JSON type an adapter reads a field as.</summary>
public enum FieldKind
{
    String,
    /// <summary>Text or a number read as its text (LenientStringConverter, for ids).</summary>
    StringOrNumber,
    /// <summary>A number, or a string holding one (the adapters read numbers from strings too).</summary>
    Number,
    Boolean,
    Object,
    Array,
    /// <summary>An array, a single object standing for a one-element list, or an empty string (OneOrManyConverter).</summary>
    OneOrMany,
    /// <summary>A list of strings, or one string (OneOrManyConverter of text: Parts Unlimited's tracking_numbers).</summary>
    StringOrArray,
}

/// <summary>How one field compared with what the adapter reads.</summary>
public enum FieldFinding
{
    /// <summary>Present with the expected type (and, where values are known, a known value).</summary>
    Found,
    /// <summary>An optional field that is not there: nothing is wrong.</summary>
    Absent,
    /// <summary>A field the adapter relies on is not there (or null).</summary>
    Missing,
    /// <summary>Present with another type than the adapter reads.</summary>
    OtherType,
    /// <summary>A status or carrier code the adapter does not know.</summary>
    UnknownValue,
}

/// <param name="Path">Dot-separated, case-insensitive; "[]" after a name means every entry of that list.</param>
/// <param name="IsKnown">For codes (statuses, carriers): whether the adapter knows a value. Null: any value is fine.</param>
public sealed record ExpectedField(string Path, FieldKind Kind, bool Required = true, bool Nullable = false, Func<string, bool>? IsKnown = null);

/// <summary>
/// One documented form of an answer: what shows it is this form (a field present at the root) and the fields read in it,
/// relative to <paramref name="Root"/> (e.g. "data" for WPS's wrapper; empty for the root itself).
/// </summary>
public sealed record AnswerForm(string Name, string Root, string Marker, IReadOnlyList<ExpectedField> Fields);

/// <summary>One field as found: the path, the expected type, what was found and, for an unknown code, the code itself.</summary>
public sealed record FieldReport(string Path, string Expected, FieldFinding Finding, string? FoundType = null, string? Value = null, int Entries = 1)
{
    public bool IsProblem => Finding is FieldFinding.Missing or FieldFinding.OtherType or FieldFinding.UnknownValue;

    /// <summary>"path: expected X, found Y", as an answer problem says it.</summary>
    public string Describe() => Finding switch
    {
        FieldFinding.Missing => $"{Path}: {Expected} expected, missing",
        FieldFinding.OtherType => $"{Path}: {Expected} expected, found {FoundType}",
        FieldFinding.UnknownValue => $"{Path}: a known code expected, found '{Value}'",
        _ => $"{Path}: {Finding}",
    };
}

/// <summary>An answer read against its contract: which form it took, each field, and the masked shape.</summary>
public sealed record AnswerReading(string Operation, string? Form, IReadOnlyList<FieldReport> Fields, string Shape)
{
    public IReadOnlyList<FieldReport> Problems => [.. Fields.Where(f => f.IsProblem)];

    public bool Readable => Problems.Count == 0;

    /// <summary>What was expected and not found, in one line.</summary>
    public string Expected => string.Join("; ", Problems.Select(p => p.Describe()));
}

/// <summary>
/// What one adapter parse relies on: the operation (e.g. "order lookup") and the forms the answer may take, the first the
/// documented default. Checked on every answer the adapter reads, in normal operation and by the go-live probe alike.
/// </summary>
public sealed record AnswerContract(string Operation, IReadOnlyList<AnswerForm> Forms)
{
    /// <summary>A contract with one form at the root.</summary>
    public static AnswerContract Of(string operation, params ExpectedField[] fields) => new(operation, [new AnswerForm("bare", "", "", fields)]);

    public AnswerReading Check(string body, string? contentType = null)
    {
        var shape = AnswerShape.Describe(body, contentType);
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException)
        {
            var type = contentType is { Length: > 0 } ? $"text ({AnswerShape.Clean(contentType, 60)})" : "text";
            return new AnswerReading(Operation, null, [new FieldReport("(body)", "a JSON object", FieldFinding.OtherType, type)], shape);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new AnswerReading(Operation, null, [new FieldReport("(body)", "a JSON object", FieldFinding.OtherType, AnswerShape.TypeOf(root))], shape);
            // The first form whose marker is there; none: read as the default form, so every missing field is named.
            var form = Forms.FirstOrDefault(f => f.Marker.Length == 0 || Resolve(root, f.Marker).Any()) ?? Forms[0];
            var recognised = form.Marker.Length == 0 || Resolve(root, form.Marker).Any();
            var start = form.Root.Length == 0 ? [root] : Resolve(root, form.Root).ToList();
            var reports = new List<FieldReport>();
            if (start.Count == 0 || start[0].ValueKind != JsonValueKind.Object)
                reports.Add(new FieldReport(form.Root, "object", start.Count == 0 ? FieldFinding.Missing : FieldFinding.OtherType, start.Count == 0 ? null : AnswerShape.TypeOf(start[0])));
            else
                reports.AddRange(form.Fields.Select(field => Report(start[0], field, form.Root)));
            return new AnswerReading(Operation, recognised ? form.Name : null, reports, shape);
        }
    }

    private static FieldReport Report(JsonElement root, ExpectedField field, string prefix)
    {
        var path = prefix.Length == 0 ? field.Path : $"{prefix}.{field.Path}";
        var expected = field.Kind switch
        {
            FieldKind.StringOrNumber => "string",
            FieldKind.OneOrMany or FieldKind.StringOrArray => "array",
            _ => field.Kind.ToString().ToLowerInvariant(),
        };
        var (values, entries) = Locate(root, field.Path);
        // Inside a list that has no entries there is nothing to check.
        if (entries == 0) return new FieldReport(path, expected, FieldFinding.Absent, Entries: 0);
        var present = values.Where(v => v.ValueKind is not JsonValueKind.Undefined && (v.ValueKind != JsonValueKind.Null || field.Nullable)).ToList();
        if (present.Count < entries)
            return new FieldReport(path, expected, field.Required ? FieldFinding.Missing : FieldFinding.Absent, Entries: entries);
        if (present.FirstOrDefault(v => !Fits(v, field)) is { ValueKind: not JsonValueKind.Undefined } wrong)
            return new FieldReport(path, expected, FieldFinding.OtherType, AnswerShape.TypeOf(wrong), Entries: entries);
        if (field.IsKnown is { } isKnown
            && present.Select(Text).FirstOrDefault(t => t is { Length: > 0 } && !isKnown(t)) is { } unknown)
            return new FieldReport(path, expected, FieldFinding.UnknownValue, AnswerShape.TypeOf(present[0]), AnswerShape.Clean(unknown), entries);
        return new FieldReport(path, expected, FieldFinding.Found, AnswerShape.TypeOf(present[0]), Entries: entries);
    }

    private static bool Fits(JsonElement value, ExpectedField field) => value.ValueKind == JsonValueKind.Null || field.Kind switch
    {
        FieldKind.String => value.ValueKind == JsonValueKind.String,
        FieldKind.StringOrNumber => value.ValueKind is JsonValueKind.String or JsonValueKind.Number,
        FieldKind.Number => value.ValueKind == JsonValueKind.Number
            || (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _)),
        FieldKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        FieldKind.Object => value.ValueKind == JsonValueKind.Object,
        FieldKind.Array => value.ValueKind == JsonValueKind.Array,
        FieldKind.OneOrMany => value.ValueKind is JsonValueKind.Array or JsonValueKind.Object || (value.ValueKind == JsonValueKind.String && value.GetString() == ""),
        FieldKind.StringOrArray => value.ValueKind is JsonValueKind.Array or JsonValueKind.String,
        _ => false,
    };

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>The values at <paramref name="path"/> (Undefined where absent) and how many places were looked at.</summary>
    private static (List<JsonElement> Values, int Entries) Locate(JsonElement root, string path)
    {
        var current = new List<JsonElement> { root };
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var many = segment.EndsWith("[]", StringComparison.Ordinal);
            var name = many ? segment[..^2] : segment;
            var next = new List<JsonElement>();
            foreach (var element in current)
            {
                var value = Property(element, name);
                if (!many || i == segments.Length - 1) next.Add(value);
                else if (value.ValueKind == JsonValueKind.Array) next.AddRange(value.EnumerateArray());
                else if (value.ValueKind == JsonValueKind.Object) next.Add(value);
                // An absent or empty list has no entries to look into.
            }
            current = next;
        }
        return (current, current.Count);
    }

    private static IEnumerable<JsonElement> Resolve(JsonElement root, string path)
    {
        var (values, _) = Locate(root, path);
        return values.Where(v => v.ValueKind is not JsonValueKind.Undefined and not JsonValueKind.Null);
    }

    private static JsonElement Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return default;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return default;
    }
}
