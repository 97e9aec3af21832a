namespace DropShip.Core.Common;

/// <summary>When two distributor part numbers are the same part: the one comparison key for the stock index, eligibility and live stock.</summary>
public static class PartNumbers
{
    /// <summary>
    /// Trimmed and upper-cased, nothing more: punctuation is kept because distributors' numbers can differ only by it
    /// (WPS "12-345" and "123-45" are different SKUs).
    /// </summary>
    public static string Normalize(string partNumber) => partNumber.Trim().ToUpperInvariant();
}
