using System.Text.RegularExpressions;

namespace DropShip.Core.Common;

/// <summary>The platform's store id. It becomes a table PartitionKey, so only a safe alphabet is accepted.</summary>
public static partial class StoreId
{
    public const int MaxLength = 64;

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\\z")]
    private static partial Regex Pattern();
}
