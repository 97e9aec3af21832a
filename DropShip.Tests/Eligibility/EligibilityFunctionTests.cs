using System.Text.Json;
using DropShip.Core.Eligibility;
using DropShip.Functions.Eligibility;
using DropShip.Functions.Submission;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Eligibility;

public class EligibilityFunctionTests
{
    private static async Task<(int Status, JsonElement Body)> CheckAsync(TestApp app, object facts)
    {
        var (status, body, _, _) = Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Http.Request("POST", facts), app.StoreId));
        return (status, body);
    }

    private static List<string> Codes(JsonElement reasons) => reasons.EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToList();

    [Fact]
    public async Task An_eligible_item_gets_an_option_per_part_a_recommendation_a_unique_po_number_and_the_ship_to()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");
        var item = Orders.Item("1001", "A1", new DistributorPartInput("wps", "87-9938"), new DistributorPartInput("parts-unlimited", "0101-3337")) with
        {
            ShipTo = Orders.ShipTo() with { State = "il", Name = "Pat   Rider" },
        };
        var (status, body) = await CheckAsync(app, item);

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("eligible").GetBoolean());
        Assert.Empty(Codes(body.GetProperty("reasons")));
        var options = body.GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(2, options.Count);
        Assert.All(options, o => Assert.True(o.GetProperty("eligible").GetBoolean()));
        Assert.Single(options, o => o.GetProperty("recommended").GetBoolean());
        Assert.Equal("wps", body.GetProperty("recommended").GetProperty("distributor").GetString());
        Assert.Equal("DS1001-1", body.GetProperty("suggestedPoNumber").GetString());
        Assert.Equal("IL", body.GetProperty("shipTo").GetProperty("state").GetString());
        Assert.Equal("Pat Rider", body.GetProperty("shipTo").GetProperty("name").GetString());
        Assert.Equal("US", body.GetProperty("shipTo").GetProperty("country").GetString());
    }

    public static TheoryData<string, OrderItemFacts> SingleRules => new()
    {
        { ReasonCodes.CatalogNotAftermarket, Orders.Item() with { Catalog = "OEM" } },
        { ReasonCodes.CatalogNotAftermarket, Orders.Item() with { Catalog = "PrivateLabel" } },
        { ReasonCodes.OrderNotNew, Orders.Item() with { OrderStatus = "Processing" } },
        { ReasonCodes.NoDistributorPart, Orders.Item() with { DistributorParts = [] } },
        { ReasonCodes.LeadTimeTooLong, Orders.Item() with { LeadTimeDays = 2 } },
        { ReasonCodes.DistributorNotConfigured, Orders.Item(parts: new DistributorPartInput("parts-unlimited", "0101-3337")) },
    };

    [Theory]
    [MemberData(nameof(SingleRules))]
    public async Task Each_rule_alone_fails_with_its_code_only(string code, OrderItemFacts item)
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var (status, body) = await CheckAsync(app, item);
        Assert.Equal(200, status);
        Assert.False(body.GetProperty("eligible").GetBoolean());
        Assert.Equal([code], Codes(body.GetProperty("reasons")));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("reasons")[0].GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_existing_po_fails_the_po_rule_and_names_it()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var submit = app.Get<SubmitPurchaseOrderFunction>();
        Assert.Equal(201, Http.Read(await submit.SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(Orders.Item(), "DS1001-1")), app.StoreId, app.Durable.Object)).Status);

        var (_, body) = await CheckAsync(app, Orders.Item());
        Assert.Equal([ReasonCodes.PoAlreadyExists], Codes(body.GetProperty("reasons")));
        Assert.Equal("DS1001-1", body.GetProperty("existingPoNumber").GetString());
        // Another item of the same order is still eligible, and the suggestion skips the number in use.
        var (_, other) = await CheckAsync(app, Orders.Item(itemId: "A2"));
        Assert.True(other.GetProperty("eligible").GetBoolean());
        Assert.Equal("DS1001-2", other.GetProperty("suggestedPoNumber").GetString());
    }

    [Fact]
    public async Task All_rules_failing_are_all_reported()
    {
        await using var app = await TestApp.StartAsync();
        var item = Orders.Item() with { Catalog = "OEM", OrderStatus = "Cancelled", LeadTimeDays = 10 };
        var (_, body) = await CheckAsync(app, item);
        Assert.Equal(
            [ReasonCodes.CatalogNotAftermarket, ReasonCodes.OrderNotNew, ReasonCodes.LeadTimeTooLong, ReasonCodes.DistributorNotConfigured],
            Codes(body.GetProperty("reasons")));
        var option = Assert.Single(body.GetProperty("options").EnumerateArray());
        Assert.Equal([ReasonCodes.DistributorNotConfigured], Codes(option.GetProperty("reasons")));
        Assert.False(option.GetProperty("eligible").GetBoolean());
        Assert.False(body.TryGetProperty("recommended", out _));
    }

    [Fact]
    public async Task One_option_per_distributor_part_each_with_its_own_eligibility()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("parts-unlimited");
        var item = Orders.Item("2002", "B1", new DistributorPartInput("wps", "87-1"), new DistributorPartInput("parts-unlimited", "0101-1"), new DistributorPartInput("parts-unlimited", "0101-2"));
        var (_, body) = await CheckAsync(app, item);
        var options = body.GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(3, options.Count);
        Assert.Equal(["parts-unlimited", "parts-unlimited", "wps"], options.Select(o => o.GetProperty("distributor").GetString()).ToList()); // eligible first
        Assert.False(options[2].GetProperty("eligible").GetBoolean());
        Assert.True(body.GetProperty("eligible").GetBoolean());
        Assert.Equal("0101-1", body.GetProperty("recommended").GetProperty("partNumber").GetString());
    }

    [Fact]
    public async Task The_store_preference_breaks_a_tie_between_equal_options()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        await app.ConnectAsync("parts-unlimited");
        var item = Orders.Item("3003", "C1", new DistributorPartInput("wps", "87-1"), new DistributorPartInput("parts-unlimited", "0101-1"));
        Assert.Equal("wps", (await CheckAsync(app, item)).Body.GetProperty("recommended").GetProperty("distributor").GetString());

        var adapter = app.Get<Core.Distributors.DistributorRegistry>().Find("parts-unlimited")!;
        await app.Get<Core.Connections.DistributorConnections>().SaveAsync(app.StoreId, adapter, new Core.Connections.ConnectionInput { Priority = 1 }, default);
        var (_, body) = await CheckAsync(app, item);
        Assert.Equal("parts-unlimited", body.GetProperty("recommended").GetProperty("distributor").GetString());
        Assert.Equal("The store's preferred distributor.", body.GetProperty("recommended").GetProperty("recommendationReason").GetString());
    }

    [Theory]
    [InlineData("{\"orderId\":\"1\"}", "itemId")]
    [InlineData("{\"orderId\":\"1\",\"itemId\":\"a\",\"orderStatus\":\"New\",\"quantity\":0,\"catalog\":\"Aftermarket\",\"leadTimeDays\":1}", "quantity")]
    [InlineData("{\"orderId\":\"1\",\"itemId\":\"a\",\"orderStatus\":\"New\",\"quantity\":1,\"catalog\":\"Used\",\"leadTimeDays\":1}", "catalog")]
    [InlineData("{\"orderId\":\"1\",\"itemId\":\"a\",\"orderStatus\":\"New\",\"quantity\":1,\"catalog\":\"OEM\",\"leadTimeDays\":1,\"distributorParts\":[{\"distributor\":\"acme\",\"partNumber\":\"x\"}]}", "distributorParts[0].distributor")]
    public async Task Bad_facts_are_400_naming_the_field(string raw, string field)
    {
        await using var app = await TestApp.StartAsync();
        var (status, body, _, _) = Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Http.Request("POST", rawBody: raw), app.StoreId));
        Assert.Equal(400, status);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }
}
