using Azure.Data.Tables;
using DropShip.Core.Common;

namespace DropShip.Core.Storage;

/// <summary>The order a subject's history reads in.</summary>
public enum HistoryOrder
{
    /// <summary>A PO's timeline: read whole, as it happened.</summary>
    OldestFirst,
    /// <summary>A connection's audit trail: read from the latest change, a page at a time (it grows for as long as the connection lives).</summary>
    NewestFirst,
}

/// <summary>
/// The one row scheme for "what happened to X, when, and what did it": a PO's timeline and its rejected submissions, a
/// connection's audit trail. Each record is a row in its subject's own partition, so it is written in the same
/// entity-group transaction as the change it records; keyed <c>{kind}|{subject}|{stamp}|{id}</c>, the record as JSON. The
/// stamp is the record's time in ticks made strictly increasing on this instance (<see cref="WriteOrder"/>), inverted for
/// a history read newest first: records written at the same instant (a package, the next package and "Shipped" of one
/// check; "Created" and "TestModeOn" of one PUT) read in the order they were written, not in a random id's.
/// </summary>
internal sealed class HistoryRows<T>(string kind, HistoryOrder order)
{
    public static class Columns
    {
        public const string Json = "Json";
    }

    public string PrefixFor(string subject) => $"{kind}|{KeyEncoding.Encode(subject)}|";

    /// <summary>Every record of <paramref name="subject"/>, in this history's order.</summary>
    public string AllOf(string partitionKey, string subject) => KeyEncoding.RowKeyPrefixFilter(partitionKey, PrefixFor(subject));

    public TableEntity ToEntity(string partitionKey, string subject, DateTimeOffset at, T value)
    {
        var stamp = new DateTimeOffset(WriteOrder.Next(at), TimeSpan.Zero);
        var sortable = order == HistoryOrder.NewestFirst ? KeyEncoding.InvertedTicks(stamp) : KeyEncoding.Ticks(stamp);
        return new(partitionKey, $"{PrefixFor(subject)}{sortable}|{Guid.NewGuid():N}") { [Columns.Json] = DropShipJson.Serialize(value) };
    }

    /// <summary>The record a row holds; default when it holds none (a row written before this scheme: its reader's business).</summary>
    public static T? From(TableEntity row) => row.GetString(Columns.Json) is { } json ? DropShipJson.Deserialize<T>(json) : default;
}

/// <summary>
/// The sequence of this instance's history writes: the time in ticks, or one tick after the previous stamp when the clock
/// has not moved on (or went back), so every stamp is greater than the one before. Across instances the clock orders them.
/// </summary>
internal static class WriteOrder
{
    private static long last;

    public static long Next(DateTimeOffset at)
    {
        while (true)
        {
            var previous = Interlocked.Read(ref last);
            var next = Math.Max(at.UtcTicks, previous + 1);
            if (Interlocked.CompareExchange(ref last, next, previous) == previous) return next;
        }
    }
}
