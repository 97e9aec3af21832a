using System.Globalization;

namespace DropShip.Core.Feeds.Parsing;

/// <summary>Reads the values distributors put in their files: prices with or without "$", capped quantities ("10+", "N/A").</summary>
public static class FeedValues
{
    /// <summary>Empty means "not given" (null); anything else must be a number.</summary>
    public static bool TryParsePrice(ReadOnlySpan<char> text, out decimal? value)
    {
        text = text.Trim();
        if (text.StartsWith("$")) text = text[1..].TrimStart();
        if (text.IsEmpty) { value = null; return true; }
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d >= 0) { value = d; return true; }
        value = null;
        return false;
    }

    /// <summary>
    /// A quantity as disclosed. "10+" is 10 as a floor; "N/A" and empty are 0; a figure at or above
    /// <paramref name="cap"/> is a floor because the distributor never discloses more.
    /// </summary>
    public static bool TryParseQuantity(ReadOnlySpan<char> text, int? cap, out int quantity, out bool isFloor)
    {
        text = text.Trim();
        isFloor = false;
        quantity = 0;
        if (text.IsEmpty || text.Equals("N/A", StringComparison.OrdinalIgnoreCase) || text.Equals("NA", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.EndsWith("+")) { isFloor = true; text = text[..^1].TrimEnd(); }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out quantity))
        {
            // Some files write whole quantities as "5.0".
            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) || d != decimal.Truncate(d)) return false;
            quantity = (int)d;
        }
        if (quantity < 0) return false;
        if (cap is { } c && quantity >= c) isFloor = true;
        return true;
    }

    /// <summary>Y/T/true/1 as the distributors write booleans.</summary>
    public static bool IsYes(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        return text.Equals("Y", StringComparison.OrdinalIgnoreCase) || text.Equals("T", StringComparison.OrdinalIgnoreCase) ||
               text.Equals("YES", StringComparison.OrdinalIgnoreCase) || text.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || text.Equals("1", StringComparison.Ordinal);
    }

    /// <summary>Free-text status words that every distributor's files use in some spelling.</summary>
    public static PartAvailability AvailabilityFromStatus(string? status)
    {
        if (string.IsNullOrWhiteSpace(status)) return PartAvailability.Available;
        var s = status.Trim().ToUpperInvariant();
        return s switch
        {
            "CLO" or "C" or "CLOSEOUT" or "CLOSE OUT" => PartAvailability.Closeout,
            "NLA" or "DSC" or "NA" or "D" or "DISCONTINUED" or "NO LONGER AVAILABLE" or "OBSOLETE" => PartAvailability.NoLongerAvailable,
            _ when s.Contains("CLOSEOUT", StringComparison.Ordinal) => PartAvailability.Closeout,
            _ when s.Contains("NO LONGER", StringComparison.Ordinal) || s.Contains("DISCONTINUED", StringComparison.Ordinal) => PartAvailability.NoLongerAvailable,
            _ => PartAvailability.Available,
        };
    }
}
