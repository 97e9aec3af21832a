using System.Globalization;

namespace DropShip.Core.Feeds.Runs;

/// <summary>A validated request for a page of feed runs (GET api/feeds/runs).</summary>
public sealed record FeedRunQuery(string Distributor, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 20;

    /// <summary>Validates the raw query values. On failure, <paramref name="errors"/> maps each bad field to what is wrong.</summary>
    public static bool TryCreate(string? distributor, string? pageSize, string? continuationToken,
        out FeedRunQuery? query, out IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(distributor))
            problems["distributor"] = [$"Required. One of: {string.Join(", ", FeedDistributors.All)}."];
        else if (!FeedDistributors.IsKnown(distributor))
            problems["distributor"] = [$"Unknown distributor. One of: {string.Join(", ", FeedDistributors.All)}."];

        var size = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageSize) &&
            (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > FeedRunHistory.MaxPageSize))
            problems["pageSize"] = [$"A whole number from 1 to {FeedRunHistory.MaxPageSize}."];

        // The token is the RowKey of the last run of the previous page: exactly 19 digits.
        if (!string.IsNullOrEmpty(continuationToken) && (continuationToken.Length != 19 || !continuationToken.All(char.IsAsciiDigit)))
            problems["continuationToken"] = ["Not a token this API returned."];

        errors = problems;
        query = problems.Count == 0 ? new FeedRunQuery(distributor!, size, string.IsNullOrEmpty(continuationToken) ? null : continuationToken) : null;
        return query is not null;
    }
}
