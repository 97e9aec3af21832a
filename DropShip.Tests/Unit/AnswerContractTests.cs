using DropShip.Core.Distributors.Answers;

namespace DropShip.Tests.Unit;

/// <summary>The one redaction (keys and types kept, values masked) and the field check shared by the probe and drift recording.</summary>
public sealed class AnswerContractTests
{
    private static readonly AnswerContract Lookup = new("order lookup",
    [
        new AnswerForm("wrapped", "data", "data.orders", Fields()),
        new AnswerForm("bare", "", "orders", Fields()),
    ]);

    private static ExpectedField[] Fields() =>
    [
        new("orders", FieldKind.Array),
        new("orders[].status", FieldKind.String, IsKnown: s => s is "Open" or "Shipped"),
        new("orders[].quantity", FieldKind.Number, Required: false),
    ];

    [Fact]
    public void The_shape_keeps_keys_and_types_and_masks_every_value()
    {
        var shape = AnswerShape.Describe("""{"name":"Pat Rider","zip":62701,"ok":true,"none":null,"lines":[{"sku":"A-1"},{"sku":"B-2"}],"empty":[]}""");

        Assert.Equal("""{"name":"<string>","zip":<number>,"ok":<boolean>,"none":<null>,"lines":[{"sku":"<string>"},…(2 entries)],"empty":[]}""", shape);
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>", "text/html", "(not JSON: markup, 37 characters, content type text/html)")]
    [InlineData("Internal error", null, "(not JSON: text, 14 characters)")]
    [InlineData("", null, "(empty body)")]
    public void A_body_that_is_not_json_is_described_never_shown(string body, string? contentType, string expected) =>
        Assert.Equal(expected, AnswerShape.Describe(body, contentType));

    [Fact]
    public void Keys_that_could_carry_markup_or_control_characters_are_cleaned_and_the_shape_is_bounded()
    {
        var shape = AnswerShape.Describe("{\"<script>\\n\":1,\"" + new string('k', 100) + "\":" + string.Join("", Enumerable.Repeat("[", 50)) + "1" + string.Join("", Enumerable.Repeat("]", 50)) + "}");

        Assert.StartsWith("{\"?script??\":<number>", shape);
        Assert.True(shape.Length <= AnswerShape.MaxLength);
    }

    [Theory]
    [InlineData("""{"data":{"orders":[{"status":"Open","quantity":"2"}]}}""", "wrapped", "")]
    [InlineData("""{"orders":[{"status":"Shipped"}]}""", "bare", "")]
    [InlineData("""{"orders":[]}""", "bare", "")]
    [InlineData("""{"data":{"orders":"1,2"}}""", "wrapped", "data.orders: array expected, found string")]
    [InlineData("""{"data":{"list":[]}}""", null, "data.orders: array expected, missing")]
    [InlineData("""{"orders":[{"status":"Open"},{"status":"Lost in space"}]}""", "bare", "orders[].status: a known code expected, found 'Lost in space'")]
    [InlineData("""{"orders":[{"status":"Open"},{}]}""", "bare", "orders[].status: string expected, missing")]
    [InlineData("""{"orders":[{"status":7}]}""", "bare", "orders[].status: string expected, found number")]
    [InlineData("""{"orders":[{"status":"Open","quantity":"lots"}]}""", "bare", "orders[].quantity: number expected, found string")]
    [InlineData("""[1,2]""", null, "(body): a JSON object expected, found array")]
    [InlineData("""<html/>""", null, "(body): a JSON object expected, found text")]
    public void Each_field_is_found_missing_of_another_type_or_an_unknown_code(string body, string? form, string expected)
    {
        var reading = Lookup.Check(body);

        Assert.Equal(form, reading.Form);
        Assert.Equal(expected, reading.Expected);
        Assert.Equal(expected.Length == 0, reading.Readable);
    }

    [Fact]
    public void An_optional_field_left_out_is_absent_not_a_problem()
    {
        var reading = Lookup.Check("""{"orders":[{"status":"Open"}]}""");

        Assert.Equal(FieldFinding.Absent, reading.Fields.Single(f => f.Path == "orders[].quantity").Finding);
        Assert.True(reading.Readable);
    }
}
