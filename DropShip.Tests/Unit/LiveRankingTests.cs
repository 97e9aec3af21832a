using System.Globalization;
using DropShip.Core.Eligibility;

namespace DropShip.Tests.Unit;

/// <summary>
/// Option ranking with the distributors' live figures, table-driven. An option is "id distributor feed live cost":
/// feed a feed quantity or "?" (no feed); live "fill" (can ship the quantity now), "short" (cannot), "floor" (a capped figure
/// below the quantity), "unlisted", "timedout" or "-" (not asked); cost the live dealer cost or "?". All options are eligible.
/// </summary>
public sealed class LiveRankingTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    private static EligibilityOption Parse(string spec)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, parts.Length);
        StockView? feed = parts[2] == "?" ? null : new StockView(int.Parse(parts[2], CultureInfo.InvariantCulture), false, 50m, null, "Available", AsOf, 9);
        decimal? cost = parts[4] == "?" ? null : decimal.Parse(parts[4], CultureInfo.InvariantCulture);
        LiveStockView? live = parts[3] switch
        {
            "fill" => new(LiveStockStatus.Ok, 5, false, cost, null, true, AsOf, "test"),
            "short" => new(LiveStockStatus.Ok, 1, false, cost, null, false, AsOf, "test"),
            "floor" => new(LiveStockStatus.Ok, 9, true, cost, null, null, AsOf, "test"),
            "unlisted" => new(LiveStockStatus.UnknownPart, null, null, null, null, null, AsOf, "test"),
            "timedout" => new(LiveStockStatus.TimedOut, null, null, null, null, null, null, "test"),
            "-" => null,
            _ => throw new ArgumentException(parts[3]),
        };
        return new EligibilityOption(parts[1], parts[1].ToUpperInvariant(), parts[0], true, [], feed, false, null, live);
    }

    public static TheoryData<string, string[], string> Orders => new()
    {
        { "what the distributor can ship now beats feed stock", ["A wps 9 - ?", "B pu 0 fill 60"], "B A" },
        { "a live 'cannot ship' outranks the feed's stock", ["A wps 9 short 1", "B pu ? - ?"], "B A" },
        { "an unlisted part ranks with out of stock", ["A wps 9 unlisted ?", "B pu ? - ?"], "B A" },
        { "a capped figure below the quantity ranks like feed stock", ["A wps ? floor 10", "B pu 4 - ?", "C tucker ? - ?"], "A B C" },
        { "no live answer in time: the feed's figures stand", ["A wps 0 timedout ?", "B pu 3 timedout ?"], "B A" },
        { "the live dealer cost orders equal stock", ["A wps 5 fill 30", "B pu 5 fill 20"], "B A" },
        { "without a live cost the feed's counts", ["A wps 5 fill 60", "B pu 5 fill ?"], "B A" },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Ranks_what_the_distributor_can_ship_now_first(string name, string[] options, string expected)
    {
        var ranked = OptionRanking.Rank(options.Select(Parse).ToList(), []);

        Assert.True(expected == string.Join(' ', ranked.Select(o => o.PartNumber)), $"{name}: expected {expected}, got {string.Join(' ', ranked.Select(o => o.PartNumber))}");
    }

    [Fact]
    public void The_recommendation_says_the_distributor_can_ship_it_now()
    {
        var ranked = OptionRanking.Rank([Parse("A wps 9 - ?"), Parse("B pu ? fill ?")], []);

        Assert.Equal("B", ranked[0].PartNumber);
        Assert.Equal("The distributor says it can ship it now; the others cannot say so.", ranked[0].RecommendationReason);
    }
}
