using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Feeds.Runs;
using DropShip.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Feeds;

/// <summary><c>GET api/feeds/runs?distributor=&amp;pageSize=&amp;continuationToken=</c>: one distributor's feed runs, newest first.</summary>
public sealed class FeedRunFunctions(FeedRunHistory history, DistributorRegistry distributors)
{
    [Function(nameof(ListFeedRuns))]
    public async Task<IActionResult> ListFeedRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "feeds/runs")] HttpRequest request)
    {
        var repeated = new FieldErrors();
        var (distributor, pageSize, token) = (QueryParameters.Single(request.Query, "distributor", repeated),
            QueryParameters.Single(request.Query, "pageSize", repeated), QueryParameters.Single(request.Query, "continuationToken", repeated));
        if (repeated.Any) return ApiResults.Invalid(repeated.All);
        if (!FeedRunQuery.TryCreate(distributors, distributor, pageSize, token, out var query, out var errors))
            return ApiResults.Invalid(errors);
        var page = await history.ListAsync(query!, request.HttpContext.RequestAborted);
        return ApiResults.Page(page.Select(FeedRunResponse.From));
    }
}

/// <summary>One run as the API shows it. Outcomes are strings; rejected lines carry their count and first samples.</summary>
public sealed record FeedRunResponse(
    string Distributor,
    DateTimeOffset StartedAt,
    string Outcome,
    IReadOnlyList<string> Files,
    string? Source,
    string? Sha256,
    long Bytes,
    long RowsRead,
    long RowsChanged,
    long RowsMarkedUnavailable,
    long TableWrites,
    RejectedLinesResponse RejectedLines,
    long DurationMs,
    string? Message)
{
    public static FeedRunResponse From(FeedRun run) => new(
        run.Distributor, run.StartedAt, run.Outcome.ToString(), run.Files, run.Source, run.Sha256, run.Bytes, run.RowsRead,
        run.RowsChanged, run.RowsMarkedUnavailable, run.TableWrites,
        new RejectedLinesResponse(run.RejectedLines, run.RejectedSamples.Select(s => new RejectedLineResponse(s.File, s.LineNumber, s.Reason, s.Excerpt)).ToList()),
        (long)run.Duration.TotalMilliseconds, run.Message);
}

public sealed record RejectedLinesResponse(long Count, IReadOnlyList<RejectedLineResponse> Samples);

public sealed record RejectedLineResponse(string File, long Line, string Reason, string Excerpt);
