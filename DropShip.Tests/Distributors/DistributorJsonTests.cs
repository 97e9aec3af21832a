using DropShip.Core.Distributors;

namespace DropShip.Tests.Distributors;

/// <summary>The one lenient reading every adapter shares: ids of any scalar type, lists in any of the forms distributors send.</summary>
public sealed class DistributorJsonTests
{
    private sealed record Shipment(string? TrackingNumber, string? Qty);

    private sealed record Answer(
        string? OrderNumber,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(OneOrManyConverter<Shipment>))] IReadOnlyList<Shipment>? Shipment,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(OneOrManyConverter<string>))] IReadOnlyList<string>? TrackingNumbers);

    [Theory]
    [InlineData("""{"orderNumber":"A-1"}""", "A-1")]
    [InlineData("""{"orderNumber":123456}""", "123456")]
    // A 22-digit USPS tracking number does not fit a long; read through a double it would lose its last digits.
    [InlineData("""{"orderNumber":9400111899223100000001}""", "9400111899223100000001")]
    [InlineData("""{"orderNumber":12.50}""", "12.50")]
    [InlineData("""{"orderNumber":true}""", "true")]
    [InlineData("""{"orderNumber":{"id":1}}""", null)]
    [InlineData("""{"orderNumber":null}""", null)]
    public void An_id_is_read_as_the_distributor_wrote_it(string body, string? expected) =>
        Assert.Equal(expected, DistributorJson.TryParse<Answer>(body, DistributorJson.Lenient)!.OrderNumber);

    [Fact]
    public void Snake_case_answers_keep_their_documented_string_types() =>
        Assert.Null(DistributorJson.TryParse<Answer>("""{"order_number":123456}""", DistributorJson.SnakeCase));

    [Theory]
    [InlineData("""{"shipment":[{"trackingNumber":"1Z1","qty":2},{"trackingNumber":"1Z2"}]}""", "1Z1:2,1Z2:")]
    [InlineData("""{"shipment":{"trackingNumber":"1Z1","qty":"2"}}""", "1Z1:2")]
    [InlineData("""{"shipment":""}""", "")]
    [InlineData("""{"shipment":[]}""", "")]
    [InlineData("""{"shipment":["",{"trackingNumber":"1Z1"}]}""", "1Z1:")]
    [InlineData("""{"shipment":7}""", "")]
    public void A_list_of_objects_comes_as_an_array_one_object_or_an_empty_string(string body, string expected)
    {
        var shipments = DistributorJson.TryParse<Answer>(body, DistributorJson.Lenient)!.Shipment!;
        Assert.Equal(expected, string.Join(",", shipments.Select(s => $"{s.TrackingNumber}:{s.Qty}")));
    }

    [Theory]
    [InlineData("""{"trackingNumbers":["1Z1","1Z2"]}""", "1Z1|1Z2")]
    [InlineData("""{"trackingNumbers":"1Z1, 1Z2"}""", "1Z1|1Z2")]
    [InlineData("""{"trackingNumbers":"1Z1"}""", "1Z1")]
    [InlineData("""{"trackingNumbers":""}""", "")]
    [InlineData("""{"trackingNumbers":["",null,true,{"a":1},[2],9400111899223100000001]}""", "9400111899223100000001")]
    [InlineData("""{"trackingNumbers":{"a":"1Z1"}}""", "")]
    public void A_list_of_text_comes_as_an_array_or_one_comma_separated_string(string body, string expected) =>
        Assert.Equal(expected, string.Join("|", DistributorJson.TryParse<Answer>(body, DistributorJson.Lenient)!.TrackingNumbers!));
}
