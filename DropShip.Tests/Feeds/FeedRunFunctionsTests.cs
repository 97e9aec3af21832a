using DropShip.Core.Common;
using DropShip.Core.Distributors.Tucker;
using DropShip.Core.Distributors.Wps;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Runs;
using DropShip.Functions.Feeds;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace DropShip.Tests.Feeds;

public class FeedRunFunctionsTests
{
    private static HttpRequest Get(string query) => new DefaultHttpContext { Request = { Method = "GET", QueryString = new QueryString(query) } }.Request;

    private static Page<FeedRunResponse> Read(Microsoft.AspNetCore.Mvc.IActionResult result)
    {
        var (status, _, raw, _) = Http.Read(result);
        Assert.Equal(200, status);
        return System.Text.Json.JsonSerializer.Deserialize<Page<FeedRunResponse>>(raw, DropShipJson.Options)!;
    }

    private static FeedRunFunctions Function(FeedsHarness feeds) => new(feeds.History, Registry.Distributors);

    private static FeedRun Run(string distributor, DateTimeOffset at, FeedRunOutcome outcome) =>
        new(distributor, at, outcome, ["f.csv"], "ftp://h/f.csv", "abc", 10, 5, 1, 0, 1, 1,
            [new RejectedLine("f.csv", 3, "bad price", "x,y")], TimeSpan.FromSeconds(2), null, SourceCalled: true);

    [Theory]
    [InlineData("", "distributor")]
    [InlineData("?distributor=turn14", "distributor")]
    [InlineData("?distributor=wps&pageSize=0", "pageSize")]
    [InlineData("?distributor=wps&pageSize=101", "pageSize")]
    [InlineData("?distributor=wps&pageSize=ten", "pageSize")]
    [InlineData("?distributor=wps&continuationToken=PartitionKey%20eq%20%27x%27", "continuationToken")]
    [InlineData("?distributor=wps&distributor=tucker-rocky", "distributor")]
    [InlineData("?distributor=wps,tucker-rocky", "distributor")]
    [InlineData("?distributor=wps&pageSize=%2B5", "pageSize")]
    [InlineData("?distributor=wps&pageSize=%D9%A5", "pageSize")] // an Arabic-Indic five: a digit to a culture-aware parse
    [InlineData("?distributor=wps&continuationToken=0000000000000000001", "continuationToken")] // a raw RowKey is not a token
    public async Task Bad_input_is_a_400_problem_naming_the_field(string query, string field)
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>());
        var function = Function(feeds);

        var (status, body, _, contentType) = Http.Read(await function.ListFeedRuns(Get(query)));

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(field, Assert.Single(body.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Runs_page_newest_first_with_a_continuation_token_and_stay_in_their_distributor()
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>());
        for (var day = 0; day < 5; day++)
            await feeds.History.SaveAsync(Run(WpsDistributor.Key, FeedsHarness.Morning.AddDays(day), FeedRunOutcome.Succeeded), CancellationToken.None);
        await feeds.History.SaveAsync(Run(TuckerDistributor.Key, FeedsHarness.Morning.AddDays(9), FeedRunOutcome.Failed), CancellationToken.None);
        var function = Function(feeds);

        var seen = new List<DateTimeOffset>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "?distributor=wps&pageSize=2" + (token is null ? "" : "&continuationToken=" + token);
            var page = Read(await function.ListFeedRuns(Get(query)));
            seen.AddRange(page.Items.Select(r => r.StartedAt));
            Assert.All(page.Items, r => Assert.Equal((WpsDistributor.Key, "Succeeded", 1L, 3L), (r.Distributor, r.Outcome, r.RejectedLines.Count, r.RejectedLines.Samples[0].Line)));
            token = page.ContinuationToken;
            pages++;
        } while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(d => FeedsHarness.Morning.AddDays(d)), seen);

        // A token belongs to the list it came from: another distributor's runs refuse it.
        var first = Read(await function.ListFeedRuns(Get("?distributor=wps&pageSize=2")));
        var (status, body, _, _) = Http.Read(await function.ListFeedRuns(Get("?distributor=tucker-rocky&continuationToken=" + first.ContinuationToken)));
        Assert.Equal(400, status);
        Assert.Equal("continuationToken", body.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task No_runs_yet_is_an_empty_page_not_an_error()
    {
        await using var feeds = await FeedsHarness.CreateAsync(new Dictionary<string, string?>());
        var page = Read(await Function(feeds).ListFeedRuns(Get("?distributor=automatic")));
        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }
}
