namespace DropShip.Core.Feeds;

/// <summary>The distributor keys the feeds know. They are the same strings the rest of the app uses for distributors.</summary>
public static class FeedDistributors
{
    public const string Wps = "wps";
    public const string PartsUnlimited = "parts-unlimited";
    public const string TuckerRocky = "tucker-rocky";
    public const string Automatic = "automatic";

    public static IReadOnlyList<string> All { get; } = [Wps, PartsUnlimited, TuckerRocky, Automatic];

    public static bool IsKnown(string? distributor) => distributor is not null && All.Contains(distributor, StringComparer.Ordinal);
}
