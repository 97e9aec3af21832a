using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Feeds.Runs;

/// <summary>
/// Table <c>FeedRuns</c>: PartitionKey = distributor, RowKey = inverted start ticks (19 digits) so a partition reads
/// newest first. Queries are always scoped to one distributor's partition and built with CreateQueryFilter.
/// </summary>
public sealed class FeedRunHistory(TableServiceClient tables, IOptions<FeedsOptions> options)
{
    public const int MaxPageSize = 100;
    private const int MaxSamplesJson = 30_000; // a string property holds 32K characters
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient table = tables.GetTableClient(options.Value.RunsTable);
    private bool tableReady;

    public static string RowKeyFor(DateTimeOffset startedAt) =>
        (DateTimeOffset.MaxValue.UtcTicks - startedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Writes the run (insert or replace): called when a run starts, and again when it ends.</summary>
    public async Task SaveAsync(FeedRun run, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await table.UpsertEntityAsync(ToEntity(run), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Runs since <paramref name="since"/> that contacted the distributor (for a daily download allowance).</summary>
    public async Task<int> CountSourceCallsSinceAsync(string distributor, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var newerThan = RowKeyFor(since);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {distributor} and RowKey lt {newerThan} and SourceCalled eq {true}");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken)) count++;
        return count;
    }

    /// <summary>A page of one distributor's runs, newest first. The token is the RowKey of the last run returned.</summary>
    public async Task<FeedRunPage> ListAsync(FeedRunQuery query, CancellationToken cancellationToken)
    {
        var filter = query.ContinuationToken is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {query.Distributor}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {query.Distributor} and RowKey gt {query.ContinuationToken}");
        var runs = new List<FeedRun>(query.PageSize);
        string? lastRowKey = null;
        var more = false;
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(query.PageSize + 1, 1000), cancellationToken: cancellationToken))
            {
                if (runs.Count == query.PageSize) { more = true; break; }
                runs.Add(FromEntity(entity));
                lastRowKey = entity.RowKey;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new FeedRunPage([], null); // no run has ever been recorded
        }
        return new FeedRunPage(runs, more ? lastRowKey : null);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (tableReady) return;
        await table.CreateIfNotExistsAsync(cancellationToken);
        tableReady = true;
    }

    private static TableEntity ToEntity(FeedRun run)
    {
        var samples = run.RejectedSamples.ToList();
        var json = JsonSerializer.Serialize(samples, Json);
        while (json.Length > MaxSamplesJson && samples.Count > 0)
        {
            samples.RemoveAt(samples.Count - 1);
            json = JsonSerializer.Serialize(samples, Json);
        }
        return new TableEntity(run.Distributor, RowKeyFor(run.StartedAt))
        {
            ["StartedAt"] = run.StartedAt,
            ["Outcome"] = run.Outcome.ToString(),
            ["Files"] = string.Join('\n', run.Files),
            ["Source"] = run.Source,
            ["Sha256"] = run.Sha256,
            ["Bytes"] = run.Bytes,
            ["RowsRead"] = run.RowsRead,
            ["RowsChanged"] = run.RowsChanged,
            ["RowsMarkedUnavailable"] = run.RowsMarkedUnavailable,
            ["TableWrites"] = run.TableWrites,
            ["RejectedLines"] = run.RejectedLines,
            ["RejectedSamples"] = json,
            ["DurationMs"] = (long)run.Duration.TotalMilliseconds,
            ["Message"] = run.Message is { Length: > 4000 } m ? m[..4000] : run.Message,
            ["SourceCalled"] = run.SourceCalled,
        };
    }

    private static FeedRun FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetDateTimeOffset("StartedAt") ?? default,
        Enum.TryParse<FeedRunOutcome>(e.GetString("Outcome"), out var outcome) ? outcome : FeedRunOutcome.Failed,
        e.GetString("Files") is { Length: > 0 } files ? files.Split('\n') : [],
        e.GetString("Source"),
        e.GetString("Sha256"),
        e.GetInt64("Bytes") ?? 0,
        e.GetInt64("RowsRead") ?? 0,
        e.GetInt64("RowsChanged") ?? 0,
        e.GetInt64("RowsMarkedUnavailable") ?? 0,
        e.GetInt64("TableWrites") ?? 0,
        e.GetInt64("RejectedLines") ?? 0,
        JsonSerializer.Deserialize<List<RejectedLine>>(e.GetString("RejectedSamples") ?? "[]", Json) ?? [],
        TimeSpan.FromMilliseconds(e.GetInt64("DurationMs") ?? 0),
        e.GetString("Message"),
        e.GetBoolean("SourceCalled") ?? false);
}
