using System.Globalization;
using DropShip.Core.Eligibility;

namespace DropShip.Tests.Unit;

/// <summary>
/// Option ranking, table-driven. An option is written "id distributor eligible stock cost":
/// eligible Y/N; stock a quantity or "?" (no feed: StockView null); cost a price or "?" (unknown). "?" stock means cost unknown too.
/// </summary>
public sealed class OptionRankingTests
{
    private static readonly DateTimeOffset AsOf = new(2025, 3, 3, 6, 0, 0, TimeSpan.Zero);

    private static EligibilityOption Parse(string spec)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, parts.Length);
        var eligible = parts[2] == "Y";
        StockView? stock = parts[3] == "?"
            ? null
            : new StockView(int.Parse(parts[3], CultureInfo.InvariantCulture), false,
                parts[4] == "?" ? null : decimal.Parse(parts[4], CultureInfo.InvariantCulture), null, "feed", AsOf, 3);
        IReadOnlyList<Reason> reasons = eligible ? [] : [new Reason(ReasonCodes.NoDistributorPart, $"{parts[0]} is not eligible")];
        return new EligibilityOption(parts[1], parts[1].ToUpperInvariant(), parts[0], eligible, reasons, stock, false, null);
    }

    private static IReadOnlyList<EligibilityOption> Rank(string[] specs, string[] preference) =>
        OptionRanking.Rank(specs.Select(Parse).ToList(), preference);

    public static TheoryData<string, string[], string[], string> Orders => new()
    {
        // name, options in listed order, store preference, expected ids best first
        { "eligible first, even out of stock and dearer", ["A pu N 5 1", "B wps Y 0 100"], [], "B A" },
        { "in stock, then unknown stock, then out of stock", ["A wps Y 0 1", "B wps Y ? ?", "C wps Y 3 50"], [], "C B A" },
        { "negative quantity counts as out of stock", ["A wps Y -1 1", "B wps Y ? ?"], [], "B A" },
        { "stock beats cost", ["A wps Y 0 1", "B pu Y 2 99"], [], "B A" },
        { "lowest dealer cost", ["A wps Y 5 20", "B pu Y 5 10.50", "C tucker Y 5 10.49"], [], "C B A" },
        { "unknown cost last among equal stock", ["A wps Y 5 ?", "B pu Y 5 999"], [], "B A" },
        { "cost orders the out-of-stock options too", ["A wps Y 0 30", "B pu Y 0 20", "C tucker Y 0 ?"], [], "B A C" },
        { "store preference breaks cost ties", ["A wps Y 5 10", "B pu Y 5 10", "C tucker Y 5 10"], ["tucker", "pu"], "C B A" },
        { "preference is case-insensitive", ["A wps Y 5 10", "B pu Y 5 10"], ["PU"], "B A" },
        { "cost beats preference", ["A wps Y 5 20", "B pu Y 5 10"], ["wps"], "B A" },
        { "stock beats preference", ["A wps Y 0 10", "B pu Y 5 10"], ["wps"], "B A" },
        { "eligibility beats preference", ["A wps N 5 10", "B pu Y 5 10"], ["wps"], "B A" },
        { "listed order breaks full ties", ["A wps Y 5 10", "B wps Y 5 10", "C wps Y 5 10"], [], "A B C" },
        { "listed order among unpreferred", ["A wps Y 5 10", "B pu Y 5 10", "C tucker Y 5 10"], ["automatic"], "A B C" },
        { "ineligible ones ranked among themselves", ["A wps N 0 1", "B pu N 5 5", "C tucker N 5 2", "D automatic N ? ?"], [], "C B D A" },
        { "everything at once", ["A wps N 9 1", "B pu Y 0 5", "C tucker Y ? ?", "D automatic Y 4 8", "E wps Y 4 8", "F pu Y 4 7"], ["wps"], "F E D C B A" },
        { "one option", ["A wps Y 5 10"], [], "A" },
        { "no options", [], [], "" },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Ranks_eligible_then_stock_then_cost_then_preference_then_listed_order(string name, string[] options, string[] preference, string expected)
    {
        var ranked = Rank(options, preference);

        Assert.True(expected == string.Join(' ', ranked.Select(o => o.PartNumber)), $"{name}: expected {expected}, got {string.Join(' ', ranked.Select(o => o.PartNumber))}");
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Only_the_first_option_is_recommended_and_only_when_eligible(string name, string[] options, string[] preference, string expected)
    {
        _ = expected;
        var ranked = Rank(options, preference);

        Assert.All(ranked.Skip(1), o => { Assert.False(o.Recommended, name); Assert.Null(o.RecommendationReason); });
        if (ranked.Count > 0 && ranked[0].Eligible)
        {
            Assert.True(ranked[0].Recommended, name);
            Assert.False(string.IsNullOrWhiteSpace(ranked[0].RecommendationReason), name);
        }
        else if (ranked.Count > 0)
        {
            Assert.False(ranked[0].Recommended, name);
            Assert.Null(ranked[0].RecommendationReason);
        }
    }

    public static TheoryData<string[], string[], string> Reasons => new()
    {
        { ["A wps Y 5 10"], [], "The only eligible option." },
        { ["A wps Y 5 10", "B pu N 9 1", "C tucker N ? ?"], [], "The only eligible option." },
        { ["A wps Y 0 10", "B pu Y 5 10"], [], "In stock where the others are not." },
        { ["A wps Y ? ?", "B pu Y 5 10"], [], "In stock where the others are not." },
        { ["A wps Y 0 1", "B pu Y ? ?"], [], "Other options are out of stock." },
        { ["A wps Y 5 12", "B pu Y 5 10"], [], "Lowest dealer cost." },
        { ["A wps Y 5 ?", "B pu Y 5 10"], [], "Lowest dealer cost." },
        { ["A wps Y 5 10", "B pu Y 5 10"], ["pu"], "The store's preferred distributor." },
        { ["A wps Y 5 10", "B pu Y 5 10"], [], "Listed first among equal options." },
        { ["A wps Y 5 10", "B wps Y 5 10"], ["wps"], "Listed first among equal options." },
        // The reason compares with the next *eligible* option, not with a better-looking ineligible one.
        { ["A wps N 9 1", "B pu Y 5 10", "C tucker Y 5 12"], [], "Lowest dealer cost." },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void The_recommendation_says_why(string[] options, string[] preference, string reason)
    {
        var ranked = Rank(options, preference);

        var recommended = Assert.Single(ranked, o => o.Recommended);
        Assert.Same(ranked[0], recommended);
        Assert.Equal(reason, recommended.RecommendationReason);
    }

    [Theory]
    [InlineData("A wps N 5 10")]
    [InlineData("A wps N 5 10", "B pu N ? ?", "C tucker N 0 1")]
    public void No_recommendation_when_nothing_is_eligible(params string[] options)
    {
        var ranked = Rank(options, []);

        Assert.DoesNotContain(ranked, o => o.Recommended);
        Assert.All(ranked, o => Assert.Null(o.RecommendationReason));
    }

    [Fact]
    public void Ineligible_options_keep_their_own_reasons()
    {
        var input = new[]
        {
            Parse("A wps N 5 10") with { Reasons = [new Reason(ReasonCodes.DistributorNotConfigured, "WPS is not connected")] },
            Parse("B pu N 5 10") with { Reasons = [new Reason(ReasonCodes.LeadTimeTooLong, "ships in 3 weeks"), new Reason(ReasonCodes.NoDistributorPart, "x")] },
            Parse("C tucker N 5 10") with { Reasons = [new Reason(ReasonCodes.NoDistributorPart, "no Tucker part")] },
            Parse("D automatic Y 0 99"),
        };

        var ranked = OptionRanking.Rank(input, []);

        Assert.Equal(["D", "A", "B", "C"], ranked.Select(o => o.PartNumber));
        Assert.Equal([ReasonCodes.DistributorNotConfigured], ranked[1].Reasons.Select(r => r.Code));
        Assert.Equal([ReasonCodes.LeadTimeTooLong, ReasonCodes.NoDistributorPart], ranked[2].Reasons.Select(r => r.Code));
        Assert.Equal([ReasonCodes.NoDistributorPart], ranked[3].Reasons.Select(r => r.Code));
        Assert.True(ranked[0].Recommended);
        Assert.Empty(ranked[0].Reasons);
    }

    [Fact]
    public void Ranking_leaves_the_input_untouched_and_keeps_every_option()
    {
        var input = new[] { Parse("A wps Y 0 10"), Parse("B pu Y 5 10"), Parse("C tucker N 5 1") };
        var copy = input.ToArray();

        var ranked = OptionRanking.Rank(input, []);

        Assert.Equal(copy, input);
        Assert.All(input, o => Assert.False(o.Recommended));
        Assert.Equal(3, ranked.Count);
        Assert.Equal(input.OrderBy(o => o.PartNumber).Select(o => o.PartNumber), ranked.Select(o => o.PartNumber).Order());
        Assert.Equal(input[1] with { Recommended = true, RecommendationReason = "In stock where the others are not." }, ranked[0]);
    }
}
