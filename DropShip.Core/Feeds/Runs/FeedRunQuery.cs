using System.Globalization;
using DropShip.Core.Common;

namespace DropShip.Core.Feeds.Runs;

/// <summary>A validated request for a page of feed runs (GET api/feeds/runs).</summary>
public sealed record FeedRunQuery(string Distributor, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 20;

    /// <summary>Validates the raw query values; on failure <paramref name="errors"/> names each bad field.</summary>
    public static bool TryCreate(string? distributor, string? pageSize, string? continuationToken,
        out FeedRunQuery? query, out IReadOnlyList<FieldError> errors)
    {
        var problems = new FieldErrors();
        if (string.IsNullOrWhiteSpace(distributor))
            problems.Add("distributor", "required", $"distributor is required. One of: {string.Join(", ", FeedDistributors.All)}.");
        else if (!FeedDistributors.IsKnown(distributor))
            problems.Add("distributor", "unknown_distributor", $"Unknown distributor. One of: {string.Join(", ", FeedDistributors.All)}.");

        var size = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageSize) &&
            (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > FeedRunHistory.MaxPageSize))
            problems.Add("pageSize", "out_of_range", $"pageSize must be a whole number from 1 to {FeedRunHistory.MaxPageSize}.");

        // The token is the RowKey of the last run of the previous page: exactly 19 digits.
        if (!string.IsNullOrEmpty(continuationToken) && (continuationToken.Length != 19 || !continuationToken.All(char.IsAsciiDigit)))
            problems.Add("continuationToken", "invalid_value", "continuationToken is not one this API returned.");

        errors = problems.All;
        query = problems.Any ? null : new FeedRunQuery(distributor!, size, string.IsNullOrEmpty(continuationToken) ? null : continuationToken);
        return query is not null;
    }
}
