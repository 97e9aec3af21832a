namespace DropShip.Core.Eligibility;

/// <summary>
/// Orders distributor options best first: eligible, then in stock (per the latest known stock; unknown stock ranks
/// between in stock and out of stock), then lowest dealer cost (unknown cost last), then the store's distributor
/// preference, then the order the parts were listed in. Pure, so it is tested table-driven.
/// </summary>
public static class OptionRanking
{
    public static IReadOnlyList<EligibilityOption> Rank(IReadOnlyList<EligibilityOption> options, IReadOnlyList<string> preference)
    {
        var ranked = options
            .Select((option, index) => (option, index))
            .OrderBy(o => o.option.Eligible ? 0 : 1)
            .ThenBy(o => StockRank(o.option.Stock))
            .ThenBy(o => o.option.Stock?.DealerCost ?? decimal.MaxValue)
            .ThenBy(o => PreferenceRank(o.option.Distributor, preference))
            .ThenBy(o => o.index)
            .Select(o => o.option)
            .ToList();
        if (ranked.Count == 0 || !ranked[0].Eligible) return ranked;

        ranked[0] = ranked[0] with { Recommended = true, RecommendationReason = Why(ranked[0], ranked.Skip(1).Where(o => o.Eligible).ToList(), preference) };
        return ranked;
    }

    private static int StockRank(StockView? stock) => stock switch
    {
        { Quantity: > 0 } => 0,
        null => 1,
        _ => 2,
    };

    private static int PreferenceRank(string distributor, IReadOnlyList<string> preference)
    {
        var index = preference.ToList().FindIndex(p => string.Equals(p, distributor, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? int.MaxValue : index;
    }

    private static string Why(EligibilityOption best, IReadOnlyList<EligibilityOption> others, IReadOnlyList<string> preference)
    {
        if (others.Count == 0) return "The only eligible option.";
        var next = others[0];
        if (StockRank(best.Stock) < StockRank(next.Stock)) return best.Stock is null ? "Other options are out of stock." : "In stock where the others are not.";
        if ((best.Stock?.DealerCost ?? decimal.MaxValue) < (next.Stock?.DealerCost ?? decimal.MaxValue)) return "Lowest dealer cost.";
        if (PreferenceRank(best.Distributor, preference) < PreferenceRank(next.Distributor, preference)) return "The store's preferred distributor.";
        return "Listed first among equal options.";
    }
}
