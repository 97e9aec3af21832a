using DropShip.Core.Common;
using Microsoft.AspNetCore.Http;

namespace DropShip.Functions.Http;

/// <summary>
/// Query parameters that each name one value: given once, or not at all (empty counts as not given). A repeated
/// parameter is a 400 naming it, never "the last one wins". Parameters a function does not name (the function key's
/// <c>code</c>) are left alone.
/// </summary>
public static class QueryParameters
{
    public static string? Single(IQueryCollection query, string name, FieldErrors errors)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        var given = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (given.Count > 1)
        {
            errors.Add(name, ErrorCodes.InvalidValue, $"{name} may be given once.");
            return null;
        }
        return given.Count == 1 ? given[0] : null;
    }
}
