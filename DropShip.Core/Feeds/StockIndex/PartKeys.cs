using System.Buffers;
using System.IO.Hashing;
using System.Text;
using DropShip.Core.Common;

namespace DropShip.Core.Feeds.StockIndex;

/// <summary>How a part number becomes a table key: normalised (<see cref="PartNumbers.Normalize"/>, the one rule), bucketed and made safe for a RowKey.</summary>
public static class PartKeys
{
    /// <summary>Buckets per distributor. Writes spread over this many partitions, so entity-group batches run in parallel.</summary>
    public const int BucketCount = 32;

    private static readonly SearchValues<char> NeedsEncoding = SearchValues.Create(
        "/\\#?%" + new string(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).ToArray()));

    /// <summary>
    /// A stable bucket: XxHash32 of the UTF-8 normalised number. Never string.GetHashCode, which is randomised per
    /// process and would scatter the same part over different partitions on every run.
    /// </summary>
    public static int Bucket(string normalizedPartNumber)
    {
        var max = Encoding.UTF8.GetMaxByteCount(normalizedPartNumber.Length);
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        var written = Encoding.UTF8.GetBytes(normalizedPartNumber, buffer);
        return (int)(XxHash32.HashToUInt32(buffer[..written]) % BucketCount);
    }

    public static string PartitionKey(string distributor, int bucket) => $"{distributor}-{bucket:D2}";

    /// <summary>RowKeys may not hold / \ # ? or control characters: those (and %) are percent-encoded as UTF-8 bytes.</summary>
    public static string RowKey(string normalizedPartNumber)
    {
        if (normalizedPartNumber.AsSpan().IndexOfAny(NeedsEncoding) < 0) return normalizedPartNumber;
        var builder = new StringBuilder(normalizedPartNumber.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < normalizedPartNumber.Length; i++)
        {
            var c = normalizedPartNumber[i];
            if (!NeedsEncoding.Contains(c)) { builder.Append(c); continue; }
            var n = Encoding.UTF8.GetBytes(normalizedPartNumber.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..n]) builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }

    public static string FromRowKey(string rowKey) => rowKey.Contains('%') ? Uri.UnescapeDataString(rowKey) : rowKey;
}
