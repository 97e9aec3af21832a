using System.Text.RegularExpressions;
using DropShip.Core.Common;

namespace DropShip.Core.PurchaseOrders;

/// <summary>
/// What a PO number may look like anywhere it comes in (a submit, a route, a search): letters, digits and <c>-_.</c>,
/// starting with a letter or digit, so it is safe in every distributor's URL path, query string and order line. The
/// chosen distributor's own, shorter limit applies on submit.
/// </summary>
public static partial class PoNumbers
{
    /// <summary>Longer than any distributor accepts: a longer value cannot name a PO.</summary>
    public const int MaxLength = 40;

    public static string? Validate(string field, string? value, FieldErrors errors, int maxLength = MaxLength, bool required = true)
    {
        var po = errors.Text(field, value, maxLength, required);
        if (po is not null && !Pattern().IsMatch(po))
        {
            errors.Add(field, ErrorCodes.IllegalCharacters, $"{field} may contain only letters, digits, '-', '_' and '.', and must start with a letter or digit.");
            return null;
        }
        return po;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*\\z")]
    private static partial Regex Pattern();
}
