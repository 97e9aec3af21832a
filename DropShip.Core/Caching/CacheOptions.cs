using Microsoft.Extensions.Configuration;
using static DropShip.Core.Common.SettingsValidation;

namespace DropShip.Core.Caching;

/// <summary>
/// How long this instance answers from memory (section "Cache", checked at start); zero turns that kind of entry off.
/// Nothing that decides an order is read through the cache: submit reserves the PO number and the item claim atomically
/// and reads the store's account itself.
/// </summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>A store's distributor connections as eligibility sees them. Saves and deletes on this instance end them at once.</summary>
    public TimeSpan Connections { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stock and cost from the morning feed, per part, and each feed's age. An ingestion on this instance ends them at once.</summary>
    public TimeSpan StockSnapshots { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The PO numbers of the store that a suggestion for an order could collide with.</summary>
    public TimeSpan PoNumbers { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A distributor's live stock answer, per store account and part (only answers: never a refusal, failure or time-out).</summary>
    public TimeSpan LiveStock { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection's secrets read from Key Vault. A save or delete on this instance ends them at once.</summary>
    public TimeSpan Secrets { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Entries one instance keeps; beyond that new reads are used but not kept until expired ones make room.</summary>
    public int MaxEntries { get; set; } = 200_000;

    /// <summary>Settings that moved here from the former "ReadCache" section and "LiveStock", so a leftover one is not silently ignored.</summary>
    private static readonly (string Former, string Now)[] Moved =
    [
        ("ReadCache:Connections", nameof(Connections)), ("ReadCache:StockSnapshots", nameof(StockSnapshots)),
        ("ReadCache:PoNumbers", nameof(PoNumbers)), ("LiveStock:CacheFor", nameof(LiveStock)), ("LiveStock:MaxCachedAnswers", nameof(MaxEntries)),
    ];

    public static IEnumerable<string?> Problems(CacheOptions options, string section, IConfiguration configuration)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(Connections), options.Connections), (nameof(StockSnapshots), options.StockSnapshots), (nameof(PoNumbers), options.PoNumbers),
                     (nameof(LiveStock), options.LiveStock), (nameof(Secrets), options.Secrets),
                 })
        {
            yield return NotNegativeProblem(value, Setting(section, name));
            if (value > TimeSpan.FromHours(1)) yield return $"{Setting(section, name)} must be at most 01:00:00; it is {value:c}.";
        }
        if (options.MaxEntries is < 1 or > 10_000_000)
            yield return $"{Setting(section, nameof(MaxEntries))} must be from 1 to 10000000; it is {options.MaxEntries}.";
        foreach (var (former, now) in Moved)
            if (configuration[former] is not null) yield return $"{former} is now {Setting(section, now)}.";
    }
}
