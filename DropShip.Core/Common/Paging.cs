using System.Buffers.Text;
using System.Text;

namespace DropShip.Core.Common;

/// <summary>One page of a list, the one shape of every list the API returns.</summary>
/// <param name="ContinuationToken">Pass it back to get the next page; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken)
{
    /// <summary>The same page with each item shown another way (the token stays).</summary>
    public Page<TOut> Select<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), ContinuationToken);
}

/// <summary>
/// The list a continuation token belongs to: which list (<paramref name="List"/>, e.g. purchase orders) of which owner
/// (the store, or the distributor of a feed list), and what a position of that list's storage looks like.
/// </summary>
public sealed record PageScope(string List, string Owner, Func<string, bool> IsPosition)
{
    internal string Prefix => $"{List}/{Owner}";
}

/// <summary>
/// The API's one paging scheme: <c>pageSize</c> (1-100, default 25) and an opaque <c>continuationToken</c>. A token is
/// the storage's own position wrapped with the scope it was issued for, base64url-encoded (letters, digits, '-' and '_'
/// only): a token from another list or owner, edited, or with anything around it, is a 400 rather than a read of
/// someone else's rows. Every list wraps and unwraps its tokens here, so a token means the same everywhere.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 25, MaxPageSize = 100;
    public const int MaxTokenLength = 2048;

    /// <summary>The validated page request, with errors named "pageSize" and "continuationToken".</summary>
    public static PageRequest Read(string? pageSize, string? continuationToken, PageScope scope, FieldErrors errors)
    {
        var size = errors.WholeNumber("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        string? position = null;
        if (continuationToken is not null && (position = Unwrap(scope, continuationToken)) is null)
            errors.Add("continuationToken", ErrorCodes.InvalidValue, "continuationToken is not one this API returned for this list.");
        return new PageRequest(size, position);
    }

    /// <summary>The page the caller gets: <paramref name="items"/> and a token for the storage's next-page <paramref name="position"/> (none at the end).</summary>
    public static Page<T> Of<T>(PageScope scope, IReadOnlyList<T> items, string? position) => new(items, Wrap(scope, position));

    /// <summary>The token the caller gets for the storage's next-page <paramref name="position"/>, or null at the end.</summary>
    public static string? Wrap(PageScope scope, string? position) =>
        position is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{scope.Prefix}\n{position}"));

    private static string? Unwrap(PageScope scope, string token)
    {
        // Only the base64url alphabet: a decoder would skip white space around or inside a token, reading an edited
        // token as a clean one.
        if (token.Length is 0 or > MaxTokenLength || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var separator = text.IndexOf('\n', StringComparison.Ordinal);
            if (separator <= 0 || !text.AsSpan(0, separator).SequenceEqual(scope.Prefix) || separator + 1 >= text.Length) return null;
            var position = text[(separator + 1)..];
            return scope.IsPosition(position) ? position : null;
        }
        catch (FormatException) { return null; }
    }
}

/// <param name="Position">The storage's own position to resume from (already checked to belong to the scope); null for the first page.</param>
public sealed record PageRequest(int PageSize, string? Position);
