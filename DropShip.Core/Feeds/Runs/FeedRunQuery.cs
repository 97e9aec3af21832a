using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.Feeds.Runs;

/// <summary>A validated request for a page of feed runs (GET api/feeds/runs).</summary>
/// <param name="ContinuationToken">The RowKey of the last run of the previous page (already unwrapped from the API's token).</param>
public sealed record FeedRunQuery(string Distributor, int PageSize, string? ContinuationToken)
{
    /// <summary>Validates the raw query values with the API's one paging scheme; on failure <paramref name="errors"/> names each bad field.</summary>
    public static bool TryCreate(DistributorRegistry distributors, string? distributor, string? pageSize, string? continuationToken,
        out FeedRunQuery? query, out IReadOnlyList<FieldError> errors)
    {
        var problems = new FieldErrors();
        var adapter = distributors.Resolve("distributor", distributor, problems);
        // A token is issued for one distributor's runs: the scope is that distributor.
        var page = Paging.Read(pageSize, continuationToken, adapter?.Profile.Key ?? "", problems);
        // The position is the RowKey of the last run returned: exactly 19 digits.
        if (page.Position is { } position && (position.Length != 19 || !position.All(char.IsAsciiDigit)))
            problems.Add("continuationToken", ErrorCodes.InvalidValue, "continuationToken is not one this API returned for this list.");

        errors = problems.All;
        query = problems.Any ? null : new FeedRunQuery(adapter!.Profile.Key, page.PageSize, page.Position);
        return query is not null;
    }
}
