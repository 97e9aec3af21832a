namespace DropShip.Core.Eligibility;

/// <summary>
/// Orders distributor options best first: eligible, then stock (the distributor saying now that it can ship the quantity,
/// then in stock per the feed or a capped live figure, then unknown, then out of stock or unlisted; a live answer outranks
/// the feed), then lowest dealer cost (the live one when given, unknown last), then the store's distributor preference, then
/// the order the parts were listed in. Pure, so it is tested table-driven.
/// </summary>
public static class OptionRanking
{
    public static IReadOnlyList<EligibilityOption> Rank(IReadOnlyList<EligibilityOption> options, IReadOnlyList<string> preference)
    {
        var ranked = options
            .Select((option, index) => (option, index))
            .OrderBy(o => o.option.Eligible ? 0 : 1)
            .ThenBy(o => StockRank(o.option))
            .ThenBy(o => Cost(o.option))
            .ThenBy(o => PreferenceRank(o.option.Distributor, preference))
            .ThenBy(o => o.index)
            .Select(o => o.option)
            .ToList();
        if (ranked.Count == 0 || !ranked[0].Eligible) return ranked;

        ranked[0] = ranked[0] with { Recommended = true, RecommendationReason = Why(ranked[0], ranked.Skip(1).Where(o => o.Eligible).ToList(), preference) };
        return ranked;
    }

    private static int StockRank(EligibilityOption option) => option.Live switch
    {
        { CanFill: true } => 0,
        { CanFill: false } or { Status: LiveStockStatus.UnknownPart } => 3,
        { Status: LiveStockStatus.Ok } => 1,
        // No live figures (timed out, throttled, failed, not offered, not asked): the feed's stand.
        _ => option.Stock switch
        {
            { Quantity: > 0 } => 1,
            null => 2,
            _ => 3,
        },
    };

    private static decimal Cost(EligibilityOption option) => option.Live?.DealerCost ?? option.Stock?.DealerCost ?? decimal.MaxValue;

    private static int PreferenceRank(string distributor, IReadOnlyList<string> preference)
    {
        var index = preference.ToList().FindIndex(p => string.Equals(p, distributor, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? int.MaxValue : index;
    }

    private static string Why(EligibilityOption best, IReadOnlyList<EligibilityOption> others, IReadOnlyList<string> preference)
    {
        if (others.Count == 0) return "The only eligible option.";
        var next = others[0];
        if (StockRank(best) < StockRank(next))
            return StockRank(best) switch
            {
                0 => "The distributor says it can ship it now; the others cannot say so.",
                1 => "In stock where the others are not.",
                _ => "Other options are out of stock.",
            };
        if (Cost(best) < Cost(next)) return "Lowest dealer cost.";
        if (PreferenceRank(best.Distributor, preference) < PreferenceRank(next.Distributor, preference)) return "The store's preferred distributor.";
        return "Listed first among equal options.";
    }
}
