using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// Counts the HTTP requests the Azure SDK sends to storage (every attempt, retries included), in total and per table
/// and method, so tests can prove what a call reads and writes, and the benchmarks can print storage calls per
/// request. Attach it to the storage clients the app uses (tables, blobs, queues).
/// </summary>
public sealed class StorageRequests : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<(string Table, string Method), long> byTable = new();
    private long total;

    public long Total => Interlocked.Read(ref total);

    /// <summary>Requests per table (or queue/container path segment) and method.</summary>
    public IReadOnlyDictionary<(string Table, string Method), long> ByTarget => byTable;

    /// <summary>Requests to one table; with a method ("GET", "POST", "PUT", "PATCH", "DELETE"), only those.</summary>
    public long To(string table, string? method = null) =>
        byTable.Where(e => string.Equals(e.Key.Table, table, StringComparison.OrdinalIgnoreCase) && (method is null || e.Key.Method == method)).Sum(e => e.Value);

    /// <summary>Requests that change something (anything but GET and HEAD).</summary>
    public long Writes => byTable.Where(e => e.Key.Method is not ("GET" or "HEAD")).Sum(e => e.Value);

    public void Reset()
    {
        byTable.Clear();
        Interlocked.Exchange(ref total, 0);
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref total);
        byTable.AddOrUpdate((TableOf(message.Request.Uri.Path), message.Request.Method.Method), 1, (_, n) => n + 1);
    }

    /// <summary>Client options that report to this counter; per retry, so every round trip counts.</summary>
    public T Attach<T>(T options) where T : ClientOptions
    {
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return options;
    }

    // "/devstoreaccount1/PurchaseOrders(PartitionKey='s',RowKey='r')" -> "PurchaseOrders"; "/$batch" -> "$batch".
    private static string TableOf(string path)
    {
        var segment = path.TrimEnd('/');
        segment = segment[(segment.LastIndexOf('/') + 1)..];
        var paren = segment.IndexOf('(');
        return paren >= 0 ? segment[..paren] : segment;
    }
}
