using System.Buffers.Text;
using System.Text;

namespace DropShip.Core.Common;

/// <summary>One page of a list, the one shape of every list the API returns.</summary>
/// <param name="ContinuationToken">Pass it back to get the next page; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>
/// The API's one paging scheme: <c>pageSize</c> (1-100, default 25) and an opaque <c>continuationToken</c>. A token is
/// the storage's own position wrapped with the scope it was issued for (the store, or the distributor of a feed list),
/// base64url-encoded: a token from another scope, or edited, is a 400 rather than a read of someone else's rows.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 25, MaxPageSize = 100;
    private const int MaxTokenLength = 2048;

    /// <summary>The validated page request, with errors named "pageSize" and "continuationToken".</summary>
    public static PageRequest Read(string? pageSize, string? continuationToken, string scope, FieldErrors errors)
    {
        var size = errors.WholeNumber("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        string? position = null;
        if (continuationToken is not null && (position = Unwrap(scope, continuationToken)) is null)
            errors.Add("continuationToken", ErrorCodes.InvalidValue, "continuationToken is not one this API returned for this list.");
        return new PageRequest(size, position);
    }

    /// <summary>The token the caller gets for the storage's next-page <paramref name="position"/>, or null at the end.</summary>
    public static string? Wrap(string scope, string? position) =>
        position is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{scope}\n{position}"));

    /// <summary>
    /// A table query's own token is "{base64 next partition} {base64 next row}": one that names another partition, or is
    /// not of that form, is refused instead of reaching the table service (the query is scoped to the store in any case).
    /// </summary>
    public static bool IsTablePosition(string partition, string position)
    {
        var parts = position.Split(' ');
        if (parts.Length != 2) return false;
        try
        {
            Convert.FromBase64String(parts[1]);
            return Encoding.UTF8.GetString(Convert.FromBase64String(parts[0])) == partition;
        }
        catch (FormatException) { return false; }
    }

    private static string? Unwrap(string scope, string token)
    {
        if (token.Length is 0 or > MaxTokenLength) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var separator = text.IndexOf('\n', StringComparison.Ordinal);
            return separator > 0 && text.AsSpan(0, separator).SequenceEqual(scope) && separator + 1 < text.Length ? text[(separator + 1)..] : null;
        }
        catch (FormatException) { return null; }
    }
}

/// <param name="Position">The storage's own position to resume from (already checked to belong to the scope); null for the first page.</param>
public sealed record PageRequest(int PageSize, string? Position);
