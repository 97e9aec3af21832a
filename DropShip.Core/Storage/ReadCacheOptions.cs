namespace DropShip.Core.Storage;

/// <summary>
/// How long this instance may answer from memory for storage reads that change rarely. Configuration section
/// "ReadCache"; zero turns a cache off. Nothing that decides an order is read through these caches: submit reserves the
/// PO number and the item claim atomically and reads the distributor credentials fresh.
/// </summary>
public sealed class ReadCacheOptions
{
    public const string Section = "ReadCache";

    /// <summary>A store's distributor connections as eligibility sees them. Saves and deletes on this instance clear them at once.</summary>
    public TimeSpan Connections { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stock and cost from the morning feed, per part. An ingestion on this instance clears them at once.</summary>
    public TimeSpan StockSnapshots { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The PO numbers of the store that a suggestion for an order could collide with.</summary>
    public TimeSpan PoNumbers { get; set; } = TimeSpan.FromMinutes(1);

    public static IEnumerable<string?> Problems(ReadCacheOptions options, string section) =>
        new[] { (nameof(Connections), options.Connections), (nameof(StockSnapshots), options.StockSnapshots), (nameof(PoNumbers), options.PoNumbers) }
            .Select(setting => Common.SettingsValidation.NotNegativeProblem(setting.Item2, $"{section}:{setting.Item1}"));
}
