using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Distributors.Answers;

/// <summary>
/// Every adapter parse goes through <see cref="CheckAsync"/>: the answer is checked against what the adapter reads, and an
/// answer it cannot fully read is an answer problem: counted (dropship.distributor.answer_problems), logged, the latest
/// few per distributor kept for operators (table, PartitionKey = distributor) and handed to the recording in force, so the
/// affected PO's timeline names it. Recording never fails the distributor call that met the problem.
/// </summary>
public sealed class AnswerProblemLog(
    TableServiceClient tables,
    IOptions<AnswerProblemsOptions> options,
    DropShipMetrics metrics,
    TimeProvider clock,
    ILogger<AnswerProblemLog> logger)
{
    private readonly AppTable table = new(tables, options.Value.Table);
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastSampled = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="answer"/> against <paramref name="contract"/>; records a problem when it is not fully readable.</summary>
    /// <param name="poNumber">The PO an order call was about, to name on its timeline.</param>
    public async Task<AnswerReading> CheckAsync(DistributorAccount account, AnswerContract contract, DistributorHttp.Exchange.Answered answer,
        string? poNumber = null, CancellationToken cancellationToken = default)
    {
        var reading = Scrub(contract.Check(answer.Body, answer.ContentType), account);
        var recording = DistributorCallRecording.Current;
        recording?.Read(answer, reading);
        if (reading.Readable) return reading;

        var problem = new AnswerProblem(clock.GetUtcNow(), account.Distributor, contract.Operation, StoredText.Clip(reading.Expected), reading.Shape, account.StoreId, poNumber);
        recording?.Found(problem);
        metrics.AnswerProblem(account.Distributor, contract.Operation);
        logger.LogWarning("Answer problem: {Distributor} {Operation} for store {StoreId}: {Expected}. Shape: {Shape}",
            problem.Distributor, problem.Operation, problem.StoreId, problem.Expected, problem.Shape);
        try
        {
            await StoreAsync(problem, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            logger.LogWarning("Could not keep the answer problem of {Distributor} {Operation}: {Error}", problem.Distributor, problem.Operation, ex.GetType().Name);
        }
        return reading;
    }

    /// <summary>The latest problems of one distributor, newest first.</summary>
    public async Task<IReadOnlyList<AnswerProblem>> LatestAsync(string distributor, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync();
        var latest = new List<AnswerProblem>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {distributor}"),
                           maxPerPage: options.Value.KeptPerDistributor, cancellationToken: cancellationToken))
        {
            latest.Add(new AnswerProblem(row.GetDateTimeOffset(Columns.At) ?? default, distributor, row.GetString(Columns.Operation) ?? "",
                row.GetString(Columns.Expected) ?? "", row.GetString(Columns.Shape) ?? "", row.GetString(Columns.StoreId) ?? "", row.GetString(Columns.PoNumber)));
            if (latest.Count == options.Value.KeptPerDistributor) break;
        }
        return latest;
    }

    private async Task StoreAsync(AnswerProblem problem, CancellationToken cancellationToken)
    {
        var sample = $"{problem.Distributor}|{problem.Operation}|{problem.Expected}";
        var every = options.Value.SampleEvery;
        if (lastSampled.TryGetValue(sample, out var last) && problem.At - last < every) return;
        lastSampled[sample] = problem.At;

        var client = await table.GetAsync();
        // Newest first by RowKey: the ticks left until the end of time, then a tie-breaker.
        var rowKey = KeyEncoding.InvertedTicks(problem.At) + "-" + Guid.NewGuid().ToString("N")[..8];
        await client.AddEntityAsync(new TableEntity(problem.Distributor, rowKey)
        {
            [Columns.At] = problem.At,
            [Columns.Operation] = problem.Operation,
            [Columns.Expected] = problem.Expected,
            [Columns.Shape] = problem.Shape,
            [Columns.StoreId] = problem.StoreId,
            [Columns.PoNumber] = problem.PoNumber,
        }, cancellationToken);

        // Keep the partition bounded: delete what is older than the latest few.
        var kept = 0;
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {problem.Distributor}"),
                           select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++kept <= options.Value.KeptPerDistributor) continue;
            await client.DeleteEntityAsync(problem.Distributor, row.RowKey, ETag.All, cancellationToken);
        }
    }

    private static AnswerReading Scrub(AnswerReading reading, DistributorAccount account) => reading with
    {
        Shape = AnswerShape.WithoutSecrets(reading.Shape, account),
        Fields = [.. reading.Fields.Select(f => f.Value is null ? f : f with { Value = AnswerShape.WithoutSecrets(f.Value, account) })],
    };

    private static class Columns
    {
        public const string At = "At";
        public const string Operation = "Operation";
        public const string Expected = "Expected";
        public const string Shape = "Shape";
        public const string StoreId = "StoreId";
        public const string PoNumber = "PoNumber";
    }
}
