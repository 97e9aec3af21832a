using System.Buffers.Binary;

namespace DropShip.Core.Feeds.StockIndex;

/// <summary>
/// The content of one bucket of a distributor's index in 12 bytes: how many parts the feed listed there and the sum of
/// their record fingerprints. A sum does not depend on the order of the file's lines, and any change to a part (a
/// price, a quantity, a part added or gone) changes it, except with a chance of 2^-64. Equal fingerprints let a run
/// skip the bucket: nothing is read back and nothing is written.
/// </summary>
internal readonly record struct BucketFingerprint(ulong Sum, int Parts)
{
    private const int Size = 12;

    public BucketFingerprint With(long recordFingerprint) => new(unchecked(Sum + (ulong)recordFingerprint), Parts + 1);

    /// <summary>One binary column of the catalog row; a bucket marked unknown is stored with a negative part count.</summary>
    public static byte[] Encode(BucketFingerprint?[] buckets)
    {
        var bytes = new byte[PartKeys.BucketCount * Size];
        for (var bucket = 0; bucket < PartKeys.BucketCount; bucket++)
        {
            var slot = bytes.AsSpan(bucket * Size, Size);
            BinaryPrimitives.WriteUInt64LittleEndian(slot, buckets[bucket]?.Sum ?? 0);
            BinaryPrimitives.WriteInt32LittleEndian(slot[8..], buckets[bucket]?.Parts ?? -1);
        }
        return bytes;
    }

    /// <summary>Every bucket unknown when the column is missing (an index written before fingerprints) or of another shape.</summary>
    public static BucketFingerprint?[] Decode(byte[]? bytes)
    {
        var buckets = new BucketFingerprint?[PartKeys.BucketCount];
        if (bytes is not { Length: PartKeys.BucketCount * Size }) return buckets;
        for (var bucket = 0; bucket < PartKeys.BucketCount; bucket++)
        {
            var slot = bytes.AsSpan(bucket * Size, Size);
            var parts = BinaryPrimitives.ReadInt32LittleEndian(slot[8..]);
            if (parts >= 0) buckets[bucket] = new BucketFingerprint(BinaryPrimitives.ReadUInt64LittleEndian(slot), parts);
        }
        return buckets;
    }
}
