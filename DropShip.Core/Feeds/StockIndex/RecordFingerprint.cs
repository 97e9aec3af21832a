using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DropShip.Core.Feeds.StockIndex;

/// <summary>
/// A 64-bit content hash of a normalised record, kept on its index row, so that a run writes only the rows whose
/// content changed. <see cref="MarkedUnavailable"/> is the fingerprint of a row this service marked missing.
/// </summary>
public static class RecordFingerprint
{
    public const long MarkedUnavailable = 0;

    [ThreadStatic] private static XxHash64? hasher;

    public static long Of(FeedRecord record)
    {
        var h = hasher ??= new XxHash64();
        h.Reset();
        AppendString(h, record.PartNumber);
        AppendInt(h, record.Quantity);
        AppendInt(h, record.QuantityIsFloor ? 1 : 0);
        foreach (var w in record.Warehouses)
        {
            AppendString(h, w.Warehouse);
            AppendInt(h, w.Quantity);
            AppendInt(h, w.IsFloor ? 1 : 0);
        }
        AppendDecimal(h, record.DealerCost);
        AppendDecimal(h, record.Retail);
        AppendDecimal(h, record.Map);
        AppendInt(h, (int)record.Availability);
        AppendString(h, record.Status ?? "");
        var value = (long)h.GetCurrentHashAsUInt64();
        return value == MarkedUnavailable ? 1 : value;
    }

    private static void AppendString(XxHash64 h, string value)
    {
        AppendInt(h, value.Length);
        h.Append(MemoryMarshal.AsBytes(value.AsSpan()));
    }

    private static void AppendInt(XxHash64 h, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        h.Append(b);
    }

    private static void AppendDecimal(XxHash64 h, decimal? value)
    {
        if (value is null) { AppendInt(h, -1); return; }
        // Normalise the scale so 12.50 and 12.5 hash alike: the feed's formatting is not a change.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value.Value / 1.000000000000000000000000000000000m, bits);
        foreach (var part in bits) AppendInt(h, part);
    }
}
