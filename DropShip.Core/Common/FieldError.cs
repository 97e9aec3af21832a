namespace DropShip.Core.Common;

/// <summary>One problem with one input field. <paramref name="Field"/> is the JSON path the caller sent, e.g. "shipTo.city".</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>Collects field errors while validating a request.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> errors = [];

    public IReadOnlyList<FieldError> All => errors;
    public bool Any => errors.Count > 0;

    public void Add(string field, string code, string message) => errors.Add(new FieldError(field, code, message));

    /// <summary>
    /// Required (unless told otherwise), at most <paramref name="maxLength"/> characters, and only the characters
    /// <paramref name="rule"/> allows (by default <see cref="TextRule.Plain"/>: no control characters or line breaks).
    /// Never trimmed: the value checked is the value used, so a value that starts or ends with a space, a line break or an
    /// invisible character is refused (<see cref="TextRule.HasInvisibleEdge"/>), never quietly read as another value.
    /// </summary>
    public string? Text(string field, string? value, int maxLength, bool required = true, TextRule? rule = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required) Add(field, ErrorCodes.Required, $"{field} is required.");
            return null;
        }
        if (value.Length > maxLength)
        {
            Add(field, ErrorCodes.TooLong, $"{field} must be at most {maxLength} characters (got {value.Length}).");
            return null;
        }
        rule ??= TextRule.Plain;
        if (TextRule.HasInvisibleEdge(value))
        {
            Add(field, ErrorCodes.IllegalCharacters, $"{field} must not start or end with a space, a line break or an invisible character.");
            return null;
        }
        if (!rule.Accepts(value))
        {
            Add(field, ErrorCodes.IllegalCharacters, $"{field} {rule.Description}.");
            return null;
        }
        return value;
    }

    /// <summary>
    /// Exactly one of the enum's names, in any case: no numbers (which an enum parse would take) and no comma lists (which it
    /// would combine into some other value).
    /// </summary>
    public TEnum? OneOf<TEnum>(string field, string? value, bool required = true) where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>();
        var text = Text(field, value, names.Max(n => n.Length), required, TextRule.QueryValue);
        if (text is null)
        {
            // Too long or odd characters can't be a name either: say what the names are.
            if (value is not null && errors.Count > 0 && errors[^1].Field == field && errors[^1].Code != ErrorCodes.Required)
                errors[^1] = new FieldError(field, ErrorCodes.InvalidValue, $"{field} must be one of {string.Join(", ", names)}.");
            return null;
        }
        if (names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name) return Enum.Parse<TEnum>(name);
        Add(field, ErrorCodes.InvalidValue, $"{field} must be one of {string.Join(", ", names)}.");
        return null;
    }

    /// <summary>"true" or "false", in any case.</summary>
    public bool? Boolean(string field, string? value)
    {
        if (value is null) return null;
        if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return false;
        Add(field, ErrorCodes.InvalidValue, $"{field} must be true or false.");
        return null;
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], digits only (no sign, spaces or culture), or <paramref name="fallback"/> when absent.</summary>
    public int WholeNumber(string field, string? value, int min, int max, int fallback)
    {
        if (value is null) return fallback;
        if (value.Length is > 0 and <= 9 && value.All(char.IsAsciiDigit) && int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) is var number
            && number >= min && number <= max)
            return number;
        Add(field, ErrorCodes.OutOfRange, $"{field} must be a whole number from {min} to {max}.");
        return fallback;
    }
}
