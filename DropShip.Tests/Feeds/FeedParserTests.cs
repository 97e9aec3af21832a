using System.Text;
using DropShip.Core.Distributors.Automatic;
using DropShip.Core.Distributors.PartsUnlimited;
using DropShip.Core.Distributors.Tucker;
using DropShip.Core.Distributors.Wps;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;

namespace DropShip.Tests.Feeds;

public class FeedParserTests
{
    private static MemoryStream Text(string content, Encoding? encoding = null) => new((encoding ?? Encoding.UTF8).GetBytes(content));

    [Fact]
    public void Wps_columns_are_found_by_header_name_and_warehouse_caps_are_floors()
    {
        var csv = "list_price,sku,standard_dealer_price,mapp_price,status,ca_warehouse,ga_warehouse,tx_warehouse\n" +
                  "49.99,87-9902,30.50,44.95,STK,25,3,0\n" +
                  "10.00,112-5041,6.00,,CLO,0,1,0\n" +
                  "12.00,12-345,7.00,,NLA,0,0,0\n";
        var rejected = new RejectedLines();

        var records = WpsFeed.Parse(Text(csv), rejected).ToList();

        Assert.Equal(0, rejected.Count);
        var first = records[0];
        Assert.Equal("87-9902", first.PartNumber);
        Assert.Equal(28, first.Quantity);
        Assert.True(first.QuantityIsFloor);
        Assert.Equal(new WarehouseStock("CA", 25, true), first.Warehouses[0]);
        Assert.Equal(new WarehouseStock("GA", 3, false), first.Warehouses[1]);
        Assert.Equal((30.50m, 49.99m, 44.95m), (first.DealerCost!.Value, first.Retail!.Value, first.Map!.Value));
        Assert.Equal(PartAvailability.Available, first.Availability);
        Assert.Equal(PartAvailability.Closeout, records[1].Availability);
        Assert.False(records[1].QuantityIsFloor);
        Assert.Equal(PartAvailability.NoLongerAvailable, records[2].Availability);
    }

    [Fact]
    public void Wps_header_without_known_names_falls_back_to_the_documented_positions()
    {
        // col0 SKU, col4 list, col5 dealer, col10 Y/N (N = closeout), col24 quantity.
        string Row(string sku, string list, string dealer, string flag, string qty)
        {
            var cells = Enumerable.Repeat("x", 25).ToArray();
            (cells[0], cells[4], cells[5], cells[10], cells[24]) = (sku, list, dealer, flag, qty);
            return string.Join(',', cells);
        }
        var csv = string.Join(',', Enumerable.Range(0, 25).Select(i => $"C{i}")) + "\n" + Row("A-1", "20", "11.5", "Y", "40") + "\n" + Row("A-2", "9", "4", "N", "2") + "\n";

        var records = WpsFeed.Parse(Text(csv), new RejectedLines()).ToList();

        Assert.Equal(["A-1", "A-2"], records.Select(r => r.PartNumber));
        Assert.Equal((40, true, 11.5m, 20m), (records[0].Quantity, records[0].QuantityIsFloor, records[0].DealerCost!.Value, records[0].Retail!.Value));
        Assert.Equal(PartAvailability.Closeout, records[1].Availability);
    }

    [Fact]
    public void Malformed_lines_are_counted_with_their_line_numbers_and_never_abort_the_file()
    {
        var csv = FeedSamples.WpsHeader + "\n" +
                  "10-0001,ok,20.00,10.00,,STK,1,0,0,0,0,0,0,1\n" +   // line 2
                  "10-0002,bad price,20.00,ten,,STK,1,0,0,0,0,0,0,1\n" + // line 3
                  "10-0003,too short\n" +                               // line 4
                  "10-0004,\"broken \"quote,20.00,10.00,,STK,1,0,0,0,0,0,0,1\n" + // line 5
                  "10-0005,\"multi\nline name\",20.00,10.00,,STK,1,0,0,0,0,0,0,1\n" + // lines 6-7, valid
                  "10-0006,bad qty,20.00,10.00,,STK,lots,0,0,0,0,0,0,1\n" + // line 8
                  "10-0007,ok,20.00,10.00,,STK,1,0,0,0,0,0,0,1\n";      // line 9
        var rejected = new RejectedLines();

        var records = WpsFeed.Parse(Text(csv), rejected).ToList();

        Assert.Equal(["10-0001", "10-0005", "10-0007"], records.Select(r => r.PartNumber));
        Assert.Equal(4, rejected.Count);
        Assert.Equal([3L, 4L, 5L, 8L], rejected.Samples.Select(s => s.LineNumber));
        Assert.Contains("dealer price", rejected.Samples[0].Reason);
        Assert.Contains("10-0002", rejected.Samples[0].Excerpt);
        Assert.Equal(WpsFeed.FileName, rejected.Samples[0].File);
        Assert.Equal(9, records[2].LineNumber);
    }

    [Fact]
    public void Rejected_samples_stop_at_twenty_but_the_count_goes_on()
    {
        var csv = FeedSamples.WpsHeader + "\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"X-{i},short\n"));
        var rejected = new RejectedLines();

        Assert.Empty(WpsFeed.Parse(Text(csv), rejected));

        Assert.Equal(50, rejected.Count);
        Assert.Equal(RejectedLines.DefaultSampleLimit, rejected.Samples.Count);
    }

    [Fact]
    public void An_unbalanced_quote_costs_one_line_not_the_rest_of_the_file()
    {
        var csv = "a,b\n1,\"open\n2,x\n3,y\n4,z\n5,w\n6,v\n";
        using var reader = new CsvFeedReader(new StringReader(csv));
        var lines = new List<(long, bool, string)>();
        while (reader.Read()) lines.Add((reader.LineNumber, reader.IsBadData, reader.FieldCount > 0 ? reader[0] : ""));

        Assert.Equal((2L, true, ""), lines[1]);
        Assert.Equal([(3L, false, "2"), (4L, false, "3"), (5L, false, "4"), (6L, false, "5"), (7L, false, "6")], lines.Skip(2));
    }

    [Fact]
    public void Parts_unlimited_reads_n_plus_as_a_floor_and_na_as_none()
    {
        var csv = FeedSamples.PartsUnlimitedBasePriceFile(
            "01013337,0101-3337,S,\"Helmet, black\",100.00,99.95,60.10,Y,N,10+,N/A,3,0,0,13+",
            "02020001,0202-0001,NLA,Gloves,20.00,19.95,11.00,N,Y,N/A,N/A,N/A,N/A,N/A,N/A",
            "03030003,0303-0003,S,Bad,20.00,19.95,11.00,N,N,lots,0,0,0,0,0");
        var rejected = new RejectedLines();

        var records = PartsUnlimitedFeed.ParseBasePriceFile(Text(csv), rejected).ToList();

        Assert.Equal(2, records.Count);
        var helmet = records[0];
        Assert.Equal("0101-3337", helmet.PartNumber);
        Assert.Equal((13, true), (helmet.Quantity, helmet.QuantityIsFloor));
        Assert.Equal(new WarehouseStock("WI", 10, true), helmet.Warehouses[0]);
        Assert.Equal(new WarehouseStock("NY", 0, false), helmet.Warehouses[1]);
        Assert.Equal((60.10m, 99.95m, 99.95m), (helmet.DealerCost!.Value, helmet.Retail!.Value, helmet.Map!.Value));
        Assert.Equal((0, false, PartAvailability.NoLongerAvailable), (records[1].Quantity, records[1].QuantityIsFloor, records[1].Availability));
        Assert.Null(records[1].Map);
        Assert.Equal(4, Assert.Single(rejected.Samples).LineNumber);
    }

    [Fact]
    public void Tucker_joins_the_fixed_width_item_master_with_the_inventory_csv_and_nine_means_nine_or_more()
    {
        var master = string.Join("\n",
            FeedSamples.TuckerItem("123456", ' ', "12.50", "24.99"),
            FeedSamples.TuckerItem("234567", 'C', "3.00", "5.99"),
            "short line",
            FeedSamples.TuckerItem("345678", ' ', "abc", "5.99")) + "\n";
        var inventory = "item,qty\n123456,9\n234567,2\n999999,4\n";
        var rejected = new RejectedLines();

        var stock = TuckerFeed.ReadInventory(Text(inventory, Encoding.Latin1), rejected);
        var records = TuckerFeed.Parse(Text(master, Encoding.Latin1), stock, rejected).ToList();

        Assert.Equal(["123456", "234567", "999999"], records.Select(r => r.PartNumber));
        Assert.Equal((9, true, 12.50m, 24.99m), (records[0].Quantity, records[0].QuantityIsFloor, records[0].DealerCost!.Value, records[0].Retail!.Value));
        Assert.Equal((2, false, PartAvailability.Closeout), (records[1].Quantity, records[1].QuantityIsFloor, records[1].Availability));
        Assert.Equal((4, (decimal?)null), (records[2].Quantity, records[2].DealerCost));
        Assert.Equal([3L, 4L], rejected.Samples.Select(s => s.LineNumber));
    }

    [Fact]
    public void Automatic_reads_the_columns_the_configuration_names()
    {
        var csv = "SKU;OnHand;Cost;List;Status\nAD-1;5;3.10;6.20;Active\nAD-2;25+;1.00;2.00;Closeout\n".Replace(';', ',');
        var columns = new Dictionary<string, string> { ["PartNumber"] = "SKU", ["Quantity"] = "OnHand", ["DealerCost"] = "Cost", ["Retail"] = "List", ["Status"] = "Status" };

        var records = AutomaticFeed.Parse(Text(csv), "stock.csv", columns, new RejectedLines()).ToList();

        Assert.Equal((5, false, 3.10m, 6.20m, PartAvailability.Available), (records[0].Quantity, records[0].QuantityIsFloor, records[0].DealerCost!.Value, records[0].Retail!.Value, records[0].Availability));
        Assert.Equal((25, true, PartAvailability.Closeout), (records[1].Quantity, records[1].QuantityIsFloor, records[1].Availability));
    }

    [Fact]
    public void A_file_without_a_part_number_column_is_a_format_error_not_a_silent_empty_feed()
    {
        Assert.Throws<FeedFormatException>(() => AutomaticFeed.Parse(Text("a,b\n1,2\n"), "x.csv", new Dictionary<string, string> { ["PartNumber"] = "part_number" }, new RejectedLines()).ToList());
    }
}
