using System.Text;
using DropShip.Core.Distributors.Tucker;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;
using DropShip.Tests.Feeds;

namespace DropShip.Tests.Distributors;

/// <summary>Tucker's item master status column as a public parser of itemmstrnew reads it: blank, C closeout, D discontinued.</summary>
public sealed class TuckerItemStatusTests
{
    [Theory]
    [InlineData(' ', PartAvailability.Available)]
    [InlineData('C', PartAvailability.Closeout)]
    [InlineData('D', PartAvailability.NoLongerAvailable)]
    [InlineData('d', PartAvailability.NoLongerAvailable)]
    public void The_status_column_decides_whether_a_part_can_still_be_ordered(char status, PartAvailability expected)
    {
        var master = new MemoryStream(Encoding.Latin1.GetBytes(FeedSamples.TuckerItem("123456", status, "12.50", "24.99") + "\n"));

        var record = Assert.Single(TuckerFeed.Parse(master, [], new RejectedLines()));

        Assert.Equal(expected, record.Availability);
    }
}
