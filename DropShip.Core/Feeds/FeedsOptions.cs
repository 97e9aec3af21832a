using DropShip.Core.Common;

namespace DropShip.Core.Feeds;

/// <summary>
/// Configuration section <c>Feeds</c>. Feed sources are global, not per store: a feed describes the distributor's
/// catalog, which is the same for every dealer, so one download a morning serves every store.
/// </summary>
public sealed class FeedsOptions
{
    public const string SectionName = "Feeds";


    /// <summary>Per distributor key (the adapter's key, as in DistributorRegistry). A distributor is ingested only when it has an enabled entry here.</summary>
    public Dictionary<string, FeedSourceOptions> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Drift guard: a file that would mark more than this share of the known catalog unavailable is not applied.</summary>
    public double MaxRemovedShare { get; set; } = 0.5;

    public string Container { get; set; } = "feeds";
    public string StockIndexTable { get; set; } = "StockIndex";
    public string RunsTable { get; set; } = "FeedRuns";

    /// <summary>Entity-group transactions in flight at once while writing the index.</summary>
    public int MaxParallelBatches { get; set; } = 8;

    /// <summary>
    /// Trust the bucket fingerprints: a bucket whose content is what the index recorded is neither read back nor written.
    /// False reads back and compares every row (the row-by-row diff), which also repairs an index changed by hand.
    /// </summary>
    public bool SkipUnchangedBuckets { get; set; } = true;

    public static IEnumerable<string?> Problems(FeedsOptions options, string section)
    {
        if (options.MaxRemovedShare is < 0 or > 1) yield return $"{section}:{nameof(MaxRemovedShare)} must be from 0 to 1.";
        if (options.MaxParallelBatches < 1) yield return $"{section}:{nameof(MaxParallelBatches)} must be at least 1.";
        foreach (var (setting, table) in new[] { (nameof(StockIndexTable), options.StockIndexTable), (nameof(RunsTable), options.RunsTable) })
            yield return SettingsValidation.TableNameProblem(table, $"{section}:{setting}");
        if (options.Container is not { Length: >= 3 and <= 63 } container || !container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            yield return $"{section}:{nameof(Container)} must be a blob container name: 3-63 lower-case letters, digits and '-'.";
        foreach (var (distributor, source) in options.Sources)
            if (source.TimeoutSeconds < 1) yield return $"{section}:Sources:{distributor}:{nameof(FeedSourceOptions.TimeoutSeconds)} must be at least 1.";
    }
}
