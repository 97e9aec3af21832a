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

    /// <summary>Required, trimmed, at most <paramref name="maxLength"/>, no control characters.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = true)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) Add(field, "required", $"{field} is required.");
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(field, "too_long", $"{field} must be at most {maxLength} characters (got {trimmed.Length}).");
            return null;
        }
        if (trimmed.Any(char.IsControl))
        {
            Add(field, "illegal_characters", $"{field} must not contain control characters.");
            return null;
        }
        return trimmed;
    }
}
