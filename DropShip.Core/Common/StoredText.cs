namespace DropShip.Core.Common;

/// <summary>
/// Text that comes back from a distributor (an error message, an order number) before we store it or show it: control
/// characters become spaces and the length is capped, so an odd or enormous answer can neither break a Table property
/// (a string holds 32K characters) nor forge lines in a log or timeline, after the order may already be placed.
/// </summary>
public static class StoredText
{
    public const int MessageMaxLength = 1000;
    public const int IdMaxLength = 64;
    public const int MaxIds = 20;

    public static string Clip(string? value, int maxLength = MessageMaxLength)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var cleaned = new string(value.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c).ToArray()).Trim();
        return cleaned.Length <= maxLength ? cleaned : cleaned[..(maxLength - 1)] + "…";
    }

    /// <summary>A distributor's own ids for an order: each clipped, at most <see cref="MaxIds"/>.</summary>
    public static IReadOnlyList<string> Ids(IReadOnlyList<string> ids) =>
        ids.Select(id => Clip(id, IdMaxLength)).Where(id => id.Length > 0).Take(MaxIds).ToList();
}
