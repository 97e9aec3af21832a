using DropShip.Core.Distributors.Tucker;

namespace DropShip.Tests.Distributors;

/// <summary>TRWS field shapes are partly unknown (assumed): the parser takes the variants XML-to-JSON services commonly produce.</summary>
public sealed class TuckerParsingTests
{
    [Fact]
    public void A_single_shipment_object_numeric_ids_and_string_quantities_are_read()
    {
        var answer = TuckerJson.Section<TuckerShipmentAnswer>(
            """{"shp":{"status":"SUCCESSFUL","errormsg":"","shipment":{"po":"PO1","ordernumber":123456,"trackingnumber":"1Z999AA10123456784","qty":"2","shipdate":"03/04/2026","carrier":"UPS"}}}""",
            "SHP");

        var shipment = Assert.Single(answer!.Shipment!);
        Assert.Equal(("123456", "1Z999AA10123456784", "2"), (shipment.OrderNumber, shipment.TrackingNumber, shipment.Qty));
    }

    [Theory]
    [InlineData("""{"SHP":{"status":"SUCCESSFUL","errormsg":"","shipment":""}}""")]
    [InlineData("""{"SHP":{"status":"SUCCESSFUL","errormsg":"","shipment":[]}}""")]
    [InlineData("""{"SHP":{"status":"SUCCESSFUL","errormsg":""}}""")]
    public void No_shipment_in_any_form_is_an_empty_list(string body) =>
        Assert.Empty(TuckerJson.Section<TuckerShipmentAnswer>(body, "SHP")!.Shipment ?? []);

    [Theory]
    [InlineData("Internal Server Error")]
    [InlineData("""{"INV":{"status":"SUCCESSFUL"}}""")]
    [InlineData("[1,2]")]
    public void A_body_that_is_not_the_answer_to_the_type_asked_is_null(string body) =>
        Assert.Null(TuckerJson.Section<TuckerOrderAnswer>(body, "ORD"));

    [Fact]
    public void Order_lines_and_the_order_number_are_read_from_an_order_answer()
    {
        var answer = TuckerJson.Section<TuckerOrderAnswer>(
            """{"ORD":{"status":"FAILED","errormsg":"Order not submitted","orderinput":{"orderline":{"item":"123456","qty":1,"errormsg":"Invalid item number"}},"orderoutput":{"po":"PO1"}}}""",
            "ORD");

        Assert.Equal("Invalid item number", Assert.Single(answer!.OrderInput!.OrderLine!).ErrorMsg);
        Assert.Null(answer.OrderOutput!.OrderNumber);
        Assert.Equal("123456", TuckerDistributor.ItemNumber("12-3456"));
    }
}
