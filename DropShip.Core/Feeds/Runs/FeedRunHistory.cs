using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Storage;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Feeds.Runs;

/// <summary>
/// Table <c>FeedRuns</c>: PartitionKey = distributor, RowKey = inverted start ticks (19 digits) so a partition reads
/// newest first. Queries are always scoped to one distributor's partition and built with CreateQueryFilter.
/// </summary>
public sealed class FeedRunHistory(TableServiceClient tables, IOptions<FeedsOptions> options)
{
    private const int MaxSamplesJson = 30_000; // a string property holds 32K characters
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AppTable table = new(tables, options.Value.RunsTable);

    public static string RowKeyFor(DateTimeOffset startedAt) => KeyEncoding.InvertedTicks(startedAt);

    /// <summary>Writes the run (insert or replace): called when a run starts, and again when it ends.</summary>
    public async Task SaveAsync(FeedRun run, CancellationToken cancellationToken)
    {
        await (await table.GetAsync()).UpsertEntityAsync(ToEntity(run), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Runs since <paramref name="since"/> that contacted the distributor (for a daily download allowance).</summary>
    public async Task<int> CountSourceCallsSinceAsync(string distributor, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var newerThan = RowKeyFor(since);
        // The column name is our constant; only the values go through CreateQueryFilter.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {distributor} and RowKey lt {newerThan}") + $" and {Columns.SourceCalled} eq true";
        var count = 0;
        await foreach (var _ in (await table.GetAsync()).QueryAsync<TableEntity>(filter, select: [nameof(TableEntity.RowKey)], cancellationToken: cancellationToken)) count++;
        return count;
    }

    /// <summary>A page of one distributor's runs, newest first. The token wraps the RowKey of the last run returned.</summary>
    public async Task<Common.Page<FeedRun>> ListAsync(FeedRunQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Position is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {query.Distributor}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {query.Distributor} and RowKey gt {query.Position}");
        var runs = new List<FeedRun>(query.PageSize);
        string? lastRowKey = null;
        var more = false;
        await foreach (var entity in (await table.GetAsync()).QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(query.PageSize + 1, 1000), cancellationToken: cancellationToken))
        {
            if (runs.Count == query.PageSize) { more = true; break; }
            runs.Add(FromEntity(entity));
            lastRowKey = entity.RowKey;
        }
        return Paging.Of(query.Scope, runs, more ? lastRowKey : null);
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
            [Columns.StartedAt] = run.StartedAt,
            [Columns.Outcome] = run.Outcome.ToString(),
            [Columns.Files] = string.Join('\n', run.Files),
            [Columns.Source] = run.Source,
            [Columns.Sha256] = run.Sha256,
            [Columns.Bytes] = run.Bytes,
            [Columns.RowsRead] = run.RowsRead,
            [Columns.RowsChanged] = run.RowsChanged,
            [Columns.RowsMarkedUnavailable] = run.RowsMarkedUnavailable,
            [Columns.TableWrites] = run.TableWrites,
            [Columns.RejectedLines] = run.RejectedLines,
            [Columns.RejectedSamples] = json,
            [Columns.DurationMs] = (long)run.Duration.TotalMilliseconds,
            [Columns.Message] = run.Message is { Length: > 4000 } m ? m[..4000] : run.Message,
            [Columns.SourceCalled] = run.SourceCalled,
        };
    }

    private static FeedRun FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetDateTimeOffset(Columns.StartedAt) ?? default,
        Enum.TryParse<FeedRunOutcome>(e.GetString(Columns.Outcome), out var outcome) ? outcome : FeedRunOutcome.Failed,
        e.GetString(Columns.Files) is { Length: > 0 } files ? files.Split('\n') : [],
        e.GetString(Columns.Source),
        e.GetString(Columns.Sha256),
        e.GetInt64(Columns.Bytes) ?? 0,
        e.GetInt64(Columns.RowsRead) ?? 0,
        e.GetInt64(Columns.RowsChanged) ?? 0,
        e.GetInt64(Columns.RowsMarkedUnavailable) ?? 0,
        e.GetInt64(Columns.TableWrites) ?? 0,
        e.GetInt64(Columns.RejectedLines) ?? 0,
        JsonSerializer.Deserialize<List<RejectedLine>>(e.GetString(Columns.RejectedSamples) ?? "[]", Json) ?? [],
        TimeSpan.FromMilliseconds(e.GetInt64(Columns.DurationMs) ?? 0),
        e.GetString(Columns.Message),
        e.GetBoolean(Columns.SourceCalled) ?? false);

    private static class Columns
    {
        public const string StartedAt = "StartedAt";
        public const string Outcome = "Outcome";
        public const string Files = "Files";
        public const string Source = "Source";
        public const string Sha256 = "Sha256";
        public const string Bytes = "Bytes";
        public const string RowsRead = "RowsRead";
        public const string RowsChanged = "RowsChanged";
        public const string RowsMarkedUnavailable = "RowsMarkedUnavailable";
        public const string TableWrites = "TableWrites";
        public const string RejectedLines = "RejectedLines";
        public const string RejectedSamples = "RejectedSamples";
        public const string DurationMs = "DurationMs";
        public const string Message = "Message";
        public const string SourceCalled = "SourceCalled";
    }
}
