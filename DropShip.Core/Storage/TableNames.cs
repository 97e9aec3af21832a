namespace DropShip.Core.Storage;

/// <summary>What Table storage accepts as a table name: 3-63 letters and digits, starting with a letter.</summary>
public static class TableNames
{
    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 63 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
