using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace DropShip.Core.Storage;

/// <summary>
/// Makes outside ids safe inside a table RowKey: RowKeys must not contain / \ # ? or control characters, and '|'
/// separates our own key parts. Everything outside [A-Za-z0-9._~-] is percent-encoded (UTF-8), so the encoding is
/// reversible, keeps ordinary ids readable, and keeps ordinal order within one id kind.
/// </summary>
public static class KeyEncoding
{
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '~' or '-') builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }

    public static string Decode(string encoded) => Uri.UnescapeDataString(encoded);

    /// <summary>Newest-first ordering: a RowKey part that sorts later timestamps first.</summary>
    public static string InvertedTicks(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Oldest-first ordering for timelines.</summary>
    public static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>PartitionKey equal and RowKey starting with <paramref name="prefix"/> (its last character + 1 bounds the range), escaped by CreateQueryFilter.</summary>
    public static string RowKeyPrefixFilter(string partitionKey, string prefix)
    {
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {upper}");
    }
}
