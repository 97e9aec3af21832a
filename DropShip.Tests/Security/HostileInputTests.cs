using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Connections;
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
using Moq;
using Http = DropShip.Tests.Infrastructure.Http;

namespace DropShip.Tests.Security;

/// <summary>
/// Property-style: every field of every request body, every query parameter and every route value of every HTTP function,
/// replaced in turn by very long text, control characters, line separators, broken UTF-16 and wrong types, is a 4xx
/// problem+json, and nothing is written (no table row in the store's partitions, no distributor call, no monitor started).
/// </summary>
public class HostileInputTests
{
    /// <summary>What each leaf is replaced with. 40,000 characters fit the 64 KB body limit and exceed a Table property.</summary>
    public static readonly IReadOnlyList<(string Name, JsonNode? Value)> Mutations =
    [
        ("40,000 characters", JsonValue.Create(new string('x', 40_000))),
        ("20,000 non-ASCII characters", JsonValue.Create(new string('é', 20_000))),
        ("NUL", JsonValue.Create("a\u0000b")),
        ("bell", JsonValue.Create("a\u0007b")),
        ("newline", JsonValue.Create("line1\nline2")),
        ("line separator", JsonValue.Create("a\u2028b")),
        // A writer would repair a lone surrogate; the placeholder is swapped for the raw escape after serializing (Raw).
        ("lone surrogate", JsonValue.Create(LoneSurrogate)),
        ("escape sequence", JsonValue.Create("a\u001b[31mb")),
        ("object instead of a value", new JsonObject { ["nested"] = "x" }),
    ];

    private const string LoneSurrogate = "lone-surrogate-here";

    private static readonly string LongQuery = new('q', 5_000);

    public static readonly IReadOnlyList<(string Name, string Value)> QueryMutations =
    [
        ("5,000 characters", LongQuery), ("NUL", "a\u0000b"), ("newline", "a\nb"), ("bell", "a\u0007b"), ("line separator", "a\u2028b"),
    ];

    /// <summary>Every leaf (string, number, boolean) of a JSON tree with its path, e.g. item.distributorParts[0].partNumber.</summary>
    private static IEnumerable<string> LeafPaths(JsonNode node, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                    if (child is not null) foreach (var leaf in LeafPaths(child, path.Length == 0 ? name : $"{path}.{name}")) yield return leaf;
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } child) foreach (var leaf in LeafPaths(child, $"{path}[{i}]")) yield return leaf;
                break;
            default:
                yield return path;
                break;
        }
    }

    private static JsonNode With(JsonNode body, string path, JsonNode? value)
    {
        var copy = body.DeepClone();
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode parent = copy;
        for (var i = 0; i < parts.Length - 1; i++) parent = Step(parent, parts[i]);
        var last = parts[^1];
        if (last.StartsWith('[')) parent.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value?.DeepClone();
        else parent.AsObject()[last] = value?.DeepClone();
        return copy;

        static JsonNode Step(JsonNode node, string part) =>
            part.StartsWith('[') ? node.AsArray()[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node.AsObject()[part]!;
    }

    private static HttpRequest Raw(string method, JsonNode body) =>
        Http.Request(method, rawBody: body.ToJsonString(DropShipJson.Options).Replace(LoneSurrogate, "a\\uD800b", StringComparison.Ordinal));

    private static void AssertRefused(IActionResult result, string what)
    {
        var (status, body, raw, contentType) = Http.Read(result);
        Assert.True(status is >= 400 and < 500, $"{what}: {status} {raw[..Math.Min(raw.Length, 300)]}");
        Assert.Equal(ApiResults.ProblemContentType, contentType);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("code").GetString()), what);
    }

    /// <summary>Nothing of the store reached storage, a distributor or the Durable client.</summary>
    private static async Task AssertNothingWrittenAsync(TestApp app, int sandboxRequestsBefore, int connectionRowsBefore, string what)
    {
        var tables = await Azurite.TablesAsync();
        // A refused request may be the first this Azurite sees: the tables may not exist yet, which also means no row.
        foreach (var name in new[] { PurchaseOrderStore.TableName, DistributorConnections.TableName }) await tables.CreateTableIfNotExistsAsync(name);
        await foreach (var row in tables.GetTableClient(PurchaseOrderStore.TableName).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {app.StoreId}")))
            Assert.Fail($"{what}: a purchase-order row was written ({row.RowKey}).");
        var connectionRows = 0;
        await foreach (var _ in tables.GetTableClient(DistributorConnections.TableName).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {app.StoreId}"))) connectionRows++;
        Assert.True(connectionRows == connectionRowsBefore, $"{what}: connection rows {connectionRowsBefore} -> {connectionRows}.");
        Assert.True(app.Sandbox.Requests.All.Count == sandboxRequestsBefore, $"{what}: a distributor was called.");
        app.Durable.VerifyNoOtherCalls();
    }

    private static async Task<int> ConnectionRowsAsync(TestApp app)
    {
        var count = 0;
        await foreach (var _ in (await Azurite.TablesAsync()).GetTableClient(DistributorConnections.TableName).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {app.StoreId}"))) count++;
        return count;
    }

    /// <summary>
    /// A connection body for every distributor the tests run (a new one included), from its profile: each credential, test
    /// mode where it has one, a default ship method and, where it takes one, a warehouse.
    /// </summary>
    private static JsonNode ConnectionBody(string distributor)
    {
        var profile = Registry.Distributors.Find(distributor)!.Profile;
        var defaults = new JsonObject { ["shipMethod"] = "UG" };
        if (profile.Limits.WarehouseMaxLength > 0) defaults["warehouse"] = "CA";
        return new JsonObject
        {
            ["credentials"] = JsonSerializer.SerializeToNode(Distributors.DistributorKit.Credentials(distributor)),
            ["testMode"] = profile.HasTestMode,
            ["defaults"] = defaults,
            ["priority"] = 1,
        };
    }

    [Fact]
    public async Task Every_field_of_every_body_refuses_hostile_values_without_writing_anything()
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectAsync("wps");
        var connectionRows = await ConnectionRowsAsync(app);
        var sandboxBefore = app.Sandbox.Requests.All.Count;

        var submitBody = JsonSerializer.SerializeToNode(Orders.Submit(Orders.Item(), "DS1001-1") with { ShipMethod = "BEST" }, DropShipJson.Options)!;
        var eligibilityBody = JsonSerializer.SerializeToNode(Orders.Item(), DropShipJson.Options)!;
        var connectionBodies = TestDistributors.Keys.ToDictionary(key => key, ConnectionBody);

        var checkedLeaves = 0;
        foreach (var path in LeafPaths(submitBody))
            foreach (var (name, value) in Mutations)
            {
                var result = await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Raw("POST", With(submitBody, path, value)), app.StoreId, app.Durable.Object);
                AssertRefused(result, $"submit {path} = {name}");
                checkedLeaves++;
            }
        foreach (var path in LeafPaths(eligibilityBody))
            foreach (var (name, value) in Mutations)
                AssertRefused(await app.Get<EligibilityFunction>().CheckEligibility(Raw("POST", With(eligibilityBody, path, value)), app.StoreId), $"eligibility {path} = {name}");
        foreach (var (distributor, body) in connectionBodies)
            foreach (var path in LeafPaths(body))
                foreach (var (name, value) in Mutations)
                    AssertRefused(await app.Get<ConnectionFunctions>().SaveConnection(Raw("PUT", With(body, path, value)), "other-" + app.StoreId, distributor),
                        $"save {distributor} {path} = {name}");

        Assert.True(checkedLeaves >= 25 * Mutations.Count, $"only {checkedLeaves} submit mutations: the walk missed fields");
        await AssertNothingWrittenAsync(app, sandboxBefore, connectionRows, "bodies");
        var otherStoreRows = 0;
        await foreach (var _ in (await Azurite.TablesAsync()).GetTableClient(DistributorConnections.TableName).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"other-" + app.StoreId}"))) otherStoreRows++;
        Assert.Equal(0, otherStoreRows);

        // The unmutated bodies are accepted: the refusals above are the mutations', not the bodies'.
        Assert.Equal(200, Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Raw("POST", eligibilityBody), app.StoreId)).Status);
        foreach (var (distributor, body) in connectionBodies)
            Assert.Equal(201, Http.Read(await app.Get<ConnectionFunctions>().SaveConnection(Raw("PUT", body), "other-" + app.StoreId, distributor)).Status);
        Assert.Equal(201, Http.Read(await app.Get<SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(Raw("POST", submitBody), app.StoreId, app.Durable.Object)).Status);
    }

    [Fact]
    public async Task Every_query_parameter_refuses_hostile_values_lists_numbers_and_repeats()
    {
        await using var app = await TestApp.StartAsync();
        var search = app.Get<PurchaseOrderFunctions>();
        var runs = app.Get<FeedRunFunctions>();
        var searchParameters = new[] { "poNumber", "orderId", "distributor", "shipped", "status", "pageSize", "continuationToken" };
        foreach (var parameter in searchParameters)
        {
            foreach (var (name, value) in QueryMutations)
                AssertRefused(await search.SearchPurchaseOrders(Http.Request("GET", query: $"{parameter}={Uri.EscapeDataString(value)}"), app.StoreId), $"search {parameter} = {name}");
            AssertRefused(await search.SearchPurchaseOrders(Http.Request("GET", query: $"{parameter}=a&{parameter}=b"), app.StoreId), $"search {parameter} repeated");
        }
        foreach (var parameter in new[] { "distributor", "pageSize", "continuationToken" })
            foreach (var (name, value) in QueryMutations)
                AssertRefused(await runs.ListFeedRuns(Http.Request("GET", query: $"distributor=wps&{parameter}={Uri.EscapeDataString(value)}")), $"runs {parameter} = {name}");

        // One documented name each: no comma lists (an enum parse would combine them), no numbers, no signs or spaces.
        foreach (var (query, field) in new[]
                 {
                     ("status=Open,Shipped", "status"), ("status=2", "status"), ("status=Op%20en", "status"), ("status=-1", "status"),
                     ("shipped=yes", "shipped"), ("shipped=1", "shipped"), ("distributor=wps,tucker-rocky", "distributor"),
                     ("pageSize=%2B5", "pageSize"), ("pageSize=5.0", "pageSize"), ("pageSize=%205", "pageSize"), ("pageSize=0x10", "pageSize"),
                 })
        {
            var (status, body, _, _) = Http.Read(await search.SearchPurchaseOrders(Http.Request("GET", query: query), app.StoreId));
            Assert.True(status == 400, $"{query}: {status}");
            Assert.Equal(field, body.GetProperty("errors")[0].GetProperty("field").GetString());
        }
        Assert.Equal(200, Http.Read(await search.SearchPurchaseOrders(Http.Request("GET", query: "status=shipped&shipped=TRUE&pageSize=5&distributor=WPS"), app.StoreId)).Status);
    }

    public static TheoryData<string> BadStoreIds() => ["", "a/b", "a\u0000b", new string('s', 65), "store#1", "-leading-dash", "x'or'1'eq'1", "é"];

    /// <summary>
    /// Every function on a <c>stores/{storeId}</c> route, found by reflection, called with a bad store id (and with bad
    /// distributor and PO number route values): a 400 naming the value, before anything is read or written.
    /// </summary>
    [Theory]
    [MemberData(nameof(BadStoreIds))]
    public async Task Every_store_route_refuses_a_bad_store_id_before_touching_anything(string storeId)
    {
        await using var app = await TestApp.StartAsync();
        var functions = StoreFunctions.All().ToList();
        Assert.True(functions.Count >= 10, $"found only {functions.Count} store functions");
        foreach (var (type, method) in functions)
        {
            foreach (var (route, field) in new[] { (new RouteValues(storeId, "wps", "DS1"), "storeId"), (new RouteValues(app.StoreId, "turn14", "DS1"), "distributor"),
                         (new RouteValues(app.StoreId, "wps", "DS 1/../x"), "poNumber") })
            {
                if (field is "distributor" or "poNumber" && !StoreFunctions.Takes(method, field)) continue;
                var result = await StoreFunctions.InvokeAsync(app, type, method, route.ByName);
                var (status, body, raw, _) = Http.Read(result);
                Assert.True(status == 400, $"{method.Name} with bad {field}: {status} {raw}");
                Assert.Equal(field, body.GetProperty("errors")[0].GetProperty("field").GetString());
            }
        }
        await AssertNothingWrittenAsync(app, 0, 0, "bad routes");
    }

    private sealed record RouteValues(string StoreId, string Distributor, string PoNumber)
    {
        public IReadOnlyDictionary<string, string> ByName => new Dictionary<string, string> { ["storeId"] = StoreId, ["distributor"] = Distributor, ["poNumber"] = PoNumber };
    }
}
