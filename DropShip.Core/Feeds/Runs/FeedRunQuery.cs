using DropShip.Core.Common;
using DropShip.Core.Distributors;

namespace DropShip.Core.Feeds.Runs;

/// <summary>A validated request for a page of feed runs (GET api/feeds/runs).</summary>
/// <param name="Position">The RowKey of the last run of the previous page (already unwrapped from the API's token).</param>
public sealed record FeedRunQuery(string Distributor, int PageSize, string? Position)
{
    /// <summary>Validates the raw query values with the API's one paging scheme; on failure <paramref name="errors"/> names each bad field.</summary>
    public static bool TryCreate(DistributorRegistry distributors, string? distributor, string? pageSize, string? continuationToken,
        out FeedRunQuery? query, out IReadOnlyList<FieldError> errors)
    {
        var problems = new FieldErrors();
        var adapter = distributors.Resolve("distributor", distributor, problems);
        var page = Paging.Read(pageSize, continuationToken, ScopeOf(adapter?.Profile.Key ?? ""), problems);

        errors = problems.All;
        query = problems.Any ? null : new FeedRunQuery(adapter!.Profile.Key, page.PageSize, page.Position);
        return query is not null;
    }

    /// <summary>A token is issued for one distributor's runs; its position is the RowKey of the last run returned: exactly 19 digits.</summary>
    public PageScope Scope => ScopeOf(Distributor);

    private static PageScope ScopeOf(string distributor) =>
        new("feed-runs", distributor, position => position.Length == 19 && position.All(char.IsAsciiDigit));
}
