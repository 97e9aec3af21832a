using DropShip.Core.Common;
using DropShip.Core.Distributors.Wps;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.StockIndex;

namespace DropShip.Tests.Feeds;

public class PartKeysTests
{
    [Fact]
    public void Buckets_are_stable_across_processes_and_spread_over_32_partitions()
    {
        // XxHash32 is seedless and fixed: these values must never change, or every row would move partition.
        Assert.Equal(PartKeys.Bucket("87-9902"), PartKeys.Bucket(PartNumbers.Normalize(" 87-9902 ")));
        var buckets = Enumerable.Range(0, 3200).Select(i => PartKeys.Bucket(FeedSamples.WpsSku(i))).ToList();
        Assert.All(buckets, b => Assert.InRange(b, 0, 31));
        Assert.Equal(32, buckets.Distinct().Count());
        Assert.Equal("wps-07", PartKeys.PartitionKey(WpsDistributor.Key, 7));
    }

    [Theory]
    [InlineData("87-9902", "87-9902")]
    [InlineData("A/B#C?D\\E%F", "A%2FB%23C%3FD%5CE%25F")]
    [InlineData("TAB\tX", "TAB%09X")]
    public void Row_keys_percent_encode_what_table_storage_forbids_and_decode_back(string part, string rowKey)
    {
        Assert.Equal(rowKey, PartKeys.RowKey(part));
        Assert.Equal(part, PartKeys.FromRowKey(rowKey));
    }

    [Fact]
    public void The_fingerprint_ignores_price_formatting_but_not_price_changes()
    {
        var a = new FeedRecord("X", 1, false, [], 12.5m, 20m, null, PartAvailability.Available, "STK");
        Assert.Equal(RecordFingerprint.Of(a), RecordFingerprint.Of(a with { DealerCost = 12.50m }));
        Assert.NotEqual(RecordFingerprint.Of(a), RecordFingerprint.Of(a with { DealerCost = 12.51m }));
        Assert.NotEqual(RecordFingerprint.Of(a), RecordFingerprint.Of(a with { Quantity = 2 }));
        Assert.Equal(RecordFingerprint.Of(a), RecordFingerprint.Of(a with { LineNumber = 99 }));
    }
}
