using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Feeds.Runs;
using DropShip.Core.PurchaseOrders;
using DropShip.Functions;
using DropShip.Functions.Connections;
using DropShip.Functions.Eligibility;
using DropShip.Functions.Feeds;
using DropShip.Functions.Http;
using DropShip.Functions.PurchaseOrders;
using DropShip.Functions.Submission;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Http = DropShip.Tests.Infrastructure.Http;

namespace DropShip.Tests.Security;

/// <summary>
/// Property-style: every route value, query parameter and body string of every HTTP function, given a leading or trailing
/// invisible character (line breaks, TAB, no-break space, U+2028/U+2029, zero-width space, BOM, NUL), is a 400
/// problem+json naming that value, echoes none of it, writes nothing (no row, no distributor call, no monitor), and is
/// never read as the clean value beside it: the store, the connection, the PO and the search hit are all there, so
/// a value that were trimmed would answer 200.
/// </summary>
public sealed class InvisibleCharacterTests
{
    public static readonly IReadOnlyList<(string Name, string Text)> Invisibles =
    [
        ("LF", "\n"), ("CRLF", "\r\n"), ("TAB", "\t"), ("no-break space", "\u00A0"), ("line separator", "\u2028"),
        ("paragraph separator", "\u2029"), ("zero-width space", "\u200B"), ("BOM", "\uFEFF"), ("NUL", "\0"),
    ];

    /// <summary>Each invisible character before and after the value.</summary>
    private static IEnumerable<(string What, string Value, string Invisible)> Affixed(string value) =>
        Invisibles.SelectMany(i => new[] { ($"leading {i.Name}", i.Text + value, i.Text), ($"trailing {i.Name}", value + i.Text, i.Text) });

    [Fact]
    public async Task Every_route_value_query_parameter_and_body_string_with_an_invisible_edge_is_a_400_that_writes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var submit = app.Get<SubmitPurchaseOrderFunction>();
        foreach (var (item, po) in new[] { ("A1", "DS1001-1"), ("A2", "DS1001-2") })
            Assert.Equal(201, Http.Read(await submit.SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(Orders.Item(itemId: item), po)), app.StoreId, app.Durable.Object)).Status);
        var search = app.Get<PurchaseOrderFunctions>();
        var poToken = Http.Read(await search.SearchPurchaseOrders(Http.Request("GET", query: "pageSize=1"), app.StoreId)).Body.GetProperty("continuationToken").GetString()!;
        var runsToken = Paging.Wrap(new FeedRunQuery("wps", 1, null).Scope, "0000000000000000001")!;
        app.Durable.Invocations.Clear();
        var before = await WrittenAsync(app);
        var checkedValues = 0;

        // Route values: the store, its WPS connection and its PO exist, so a trimmed value would find them.
        var routes = new Dictionary<string, string> { ["storeId"] = app.StoreId, ["distributor"] = "wps", ["poNumber"] = "DS1001-1" };
        foreach (var (type, method) in StoreFunctions.All())
            foreach (var (parameter, clean) in routes.Where(r => StoreFunctions.Takes(method, r.Key)))
                foreach (var (what, value, invisible) in Affixed(clean))
                {
                    var result = await StoreFunctions.InvokeAsync(app, type, method, routes.ToDictionary(r => r.Key, r => r.Key == parameter ? value : r.Value));
                    AssertRefused(result, parameter, invisible, $"{method.Name} {parameter} with {what}");
                    checkedValues++;
                }

        // Query parameters, each beside clean values that answer 200 (checked first).
        var searchQuery = new Dictionary<string, string>
        {
            ["poNumber"] = "DS1001-1",
            ["orderId"] = "1001",
            ["distributor"] = "wps",
            ["shipped"] = "false",
            ["status"] = "Open",
            ["pageSize"] = "1",
            ["continuationToken"] = poToken,
        };
        var runsQuery = new Dictionary<string, string> { ["distributor"] = "wps", ["pageSize"] = "5", ["continuationToken"] = runsToken };
        var runs = app.Get<FeedRunFunctions>();
        Assert.Equal(200, Http.Read(await search.SearchPurchaseOrders(Http.Request("GET", query: Query(searchQuery)), app.StoreId)).Status);
        Assert.Equal(200, Http.Read(await runs.ListFeedRuns(Http.Request("GET", query: Query(runsQuery)))).Status);
        var found = Http.Read(await search.SearchPurchaseOrders(Http.Request("GET", query: "poNumber=DS1001-1"), app.StoreId)).Body;
        Assert.Equal("DS1001-1", Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("poNumber").GetString());
        foreach (var parameter in searchQuery.Keys)
            foreach (var (what, value, invisible) in Affixed(searchQuery[parameter]))
            {
                AssertRefused(await search.SearchPurchaseOrders(Http.Request("GET", query: Query(searchQuery.Select(q => q.Key == parameter ? KeyValuePair.Create(q.Key, value) : q))), app.StoreId),
                    parameter, invisible, $"search {parameter} with {what}");
                checkedValues++;
            }
        foreach (var parameter in runsQuery.Keys)
            foreach (var (what, value, invisible) in Affixed(runsQuery[parameter]))
            {
                AssertRefused(await runs.ListFeedRuns(Http.Request("GET", query: Query(runsQuery.Select(q => q.Key == parameter ? KeyValuePair.Create(q.Key, value) : q)))),
                    parameter, invisible, $"feed runs {parameter} with {what}");
                checkedValues++;
            }

        // Every string of every body: submit, eligibility of an item and of an order, and a connection of each distributor.
        var eligibility = app.Get<EligibilityFunction>();
        var connections = app.Get<ConnectionFunctions>();
        var submitBody = JsonSerializer.SerializeToNode(Orders.Submit(Orders.Item(itemId: "A3"), "DS1001-3") with { ShipMethod = "BEST" }, DropShipJson.Options)!;
        var itemBody = JsonSerializer.SerializeToNode(Orders.Item(itemId: "A3"), DropShipJson.Options)!;
        var orderBody = JsonSerializer.SerializeToNode(Orders.WholeOrder("1001", "A3", "A4"), DropShipJson.Options)!;
        var bodies = new List<(string Name, JsonNode Body, Func<JsonNode, Task<IActionResult>> Send)>
        {
            ("submit", submitBody, body => submit.SubmitPurchaseOrder(Raw("POST", body), app.StoreId, app.Durable.Object)),
            ("eligibility", itemBody, body => eligibility.CheckEligibility(Raw("POST", body), app.StoreId)),
            ("order eligibility", orderBody, body => eligibility.CheckOrderEligibility(Raw("POST", body), app.StoreId)),
        };
        foreach (var distributor in app.Get<DistributorRegistry>().All)
        {
            var connection = ConnectionBody(distributor.Profile);
            bodies.Add(($"connection {distributor.Profile.Key}", connection, body => connections.SaveConnection(Raw("PUT", body), app.StoreId, distributor.Profile.Key)));
        }
        foreach (var (name, body, send) in bodies)
        {
            // The clean body is accepted (checked at the end for the ones that write): each refusal is its affix's.
            foreach (var (path, clean) in StringLeaves(body))
                foreach (var (what, value, invisible) in Affixed(clean))
                {
                    AssertRefused(await send(With(body, path, value)), path, invisible, $"{name} {path} with {what}");
                    checkedValues++;
                }
        }
        Assert.True(checkedValues > 1_500, $"only {checkedValues} values checked: the walk missed routes, parameters or fields");

        Assert.Equal(before, await WrittenAsync(app));
        Assert.Empty(app.Durable.Invocations);

        // The clean bodies are accepted.
        Assert.Equal(200, Http.Read(await eligibility.CheckEligibility(Raw("POST", itemBody), app.StoreId)).Status);
        Assert.Equal(200, Http.Read(await eligibility.CheckOrderEligibility(Raw("POST", orderBody), app.StoreId)).Status);
        foreach (var (name, body, send) in bodies.Where(b => b.Name.StartsWith("connection", StringComparison.Ordinal)))
            Assert.True(Http.Read(await send(body)).Status is 200 or 201, name);
        Assert.Equal(201, Http.Read(await submit.SubmitPurchaseOrder(Raw("POST", submitBody), app.StoreId, app.Durable.Object)).Status);
    }

    /// <summary>A body that sets every field a distributor's connection takes, from its profile: credentials, test mode where it has one, defaults, priority, clear.</summary>
    private static JsonNode ConnectionBody(DistributorProfile profile)
    {
        var credentials = new JsonObject();
        foreach (var field in profile.CredentialFields) credentials[field.Name] = "Abc123";
        var defaults = new JsonObject { ["shipMethod"] = "UG" };
        var body = new JsonObject { ["credentials"] = credentials, ["defaults"] = defaults, ["priority"] = 2 };
        if (profile.HasTestMode) body["testMode"] = true;
        if (profile.Limits.WarehouseMaxLength > 0) defaults["warehouse"] = "CA";
        else body["clear"] = new JsonArray("defaults.warehouse");
        return body;
    }

    private static string Query(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Join("&", values.Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value)}"));

    private static void AssertRefused(IActionResult result, string field, string invisible, string what)
    {
        var (status, body, raw, contentType) = Http.Read(result);
        Assert.True(status == 400, $"{what}: {status} {raw[..Math.Min(raw.Length, 300)]}");
        Assert.Equal(ApiResults.ProblemContentType, contentType);
        Assert.Equal(ErrorCodes.InvalidRequest, body.GetProperty("code").GetString());
        var fields = body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.True(fields.Contains(field), $"{what}: errors name [{string.Join(", ", fields)}], not {field}.");
        foreach (var text in Strings(body))
            Assert.False(invisible.Any(text.Contains), $"{what}: the answer echoes the invisible character: {text}");
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    /// <summary>Every string value of a JSON tree with its path as the API names fields, e.g. item.distributorParts[0].partNumber.</summary>
    private static IEnumerable<(string Path, string Value)> StringLeaves(JsonNode node, string path = "") => node switch
    {
        JsonObject obj => obj.Where(p => p.Value is not null).SelectMany(p => StringLeaves(p.Value!, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray array => array.Select((child, i) => (child, i)).Where(c => c.child is not null).SelectMany(c => StringLeaves(c.child!, $"{path}[{c.i}]")),
        JsonValue value when value.TryGetValue<string>(out var text) => [(path, text)],
        _ => [],
    };

    private static JsonNode With(JsonNode body, string path, string value)
    {
        var copy = body.DeepClone();
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        var parent = parts[..^1].Aggregate(copy, (node, part) => part.StartsWith('[') ? node.AsArray()[Index(part)]! : node.AsObject()[part]!);
        if (parts[^1].StartsWith('[')) parent.AsArray()[Index(parts[^1])] = value;
        else parent.AsObject()[parts[^1]] = value;
        return copy;

        static int Index(string part) => int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static HttpRequest Raw(string method, JsonNode body) => Http.Request(method, rawBody: body.ToJsonString(DropShipJson.Options));

    /// <summary>Rows of the store (purchase orders, connections), distributor calls: what a refused request must not change.</summary>
    private static async Task<(int PoRows, int ConnectionRows, int DistributorCalls)> WrittenAsync(TestApp app)
    {
        var tables = await Azurite.TablesAsync();
        async Task<int> CountAsync(string table)
        {
            var count = 0;
            await foreach (var _ in tables.GetTableClient(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {app.StoreId}"))) count++;
            return count;
        }
        return (await CountAsync(PurchaseOrderStore.TableName), await CountAsync(DistributorConnections.TableName), app.Sandbox.Requests.All.Count);
    }
}
