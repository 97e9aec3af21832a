using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DropShip.Core.Common;
using DropShip.Core.Eligibility;
using DropShip.Core.Feeds.Runs;
using DropShip.Functions.Connections;
using DropShip.Functions.Distributors;
using DropShip.Functions.Eligibility;
using DropShip.Functions.Feeds;
using DropShip.Functions.Health;
using DropShip.Functions.Http;
using DropShip.Functions.OpenApi;
using DropShip.Functions.PurchaseOrders;
using DropShip.Functions.Submission;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Http = DropShip.Tests.Infrastructure.Http;

namespace DropShip.Tests.Deployment;

/// <summary>
/// openapi.json is the contract a generated client sees. Every function is driven in process through the answers a
/// client meets (created, changed, refused, not found, conflict, rejected by the distributor, paged), and each exchange is
/// held against the document: the status is documented for the operation, the body is valid against that status's schema
/// (required members, types, enums, patterns, lengths, no undocumented members), the request body and every query and
/// route value the server accepted are valid against theirs (a validating gateway would pass them), a documented header
/// is sent, and every code is one the document lists. Every example in the document is valid too, with the live title.
/// </summary>
public sealed class OpenApiContractTests
{
    private static readonly OpenApiDocument Document =
        OpenApiDocument.Parse(OpenApiFunction.Load(), OpenApiConstants.Json, new OpenApiReaderSettings()).Document!;

    private readonly List<string> problems = [];
    private readonly HashSet<string> exercised = [];

    [Fact]
    public async Task Live_answers_and_accepted_requests_are_valid_against_the_document()
    {
        await using var app = await TestApp.StartAsync();
        var store = app.StoreId;
        var connections = app.Get<ConnectionFunctions>();

        // Connections: create, change, clear without null, refuse, read, verify, delete.
        var wps = JsonNode.Parse("""{"credentials":{"apiToken":"wps-token-1"},"defaults":{"shipMethod":"BEST","warehouse":"CA"},"priority":1}""")!;
        await ExchangeAsync("PUT", "/stores/{storeId}/distributors/{distributor}", 201, Route(store, "wps"), wps,
            body => connections.SaveConnection(body, store, "wps"));
        await ExchangeAsync("PUT", "/stores/{storeId}/distributors/{distributor}", 200, Route(store, "wps"), JsonNode.Parse("""{"clear":["priority","defaults.warehouse"]}"""),
            body => connections.SaveConnection(body, store, "wps"));
        await ExchangeAsync("PUT", "/stores/{storeId}/distributors/{distributor}", 400, Route(store, "wps"), JsonNode.Parse("{}"),
            body => connections.SaveConnection(body, store, "wps"), acceptedRequest: false);
        await ExchangeAsync("PUT", "/stores/{storeId}/distributors/{distributor}", 400, Route(store, "wps"), JsonNode.Parse("""{"testMode":true}"""),
            body => connections.SaveConnection(body, store, "wps"));
        var pu = JsonNode.Parse("""{"credentials":{"dealerNumber":"D12345","apiKey":"pu-key-1"},"testMode":true,"defaults":{"shipMethod":"ground"},"priority":2}""")!;
        await ExchangeAsync("PUT", "/stores/{storeId}/distributors/{distributor}", 201, Route(store, "parts-unlimited"), pu,
            body => connections.SaveConnection(body, store, "parts-unlimited"));
        await ExchangeAsync("GET", "/stores/{storeId}/distributors", 200, Route(store), null, r => connections.ListConnections(r, store));
        await ExchangeAsync("GET", "/stores/{storeId}/distributors/{distributor}", 200, Route(store, "wps"), null, r => connections.GetConnection(r, store, "wps"));
        await ExchangeAsync("GET", "/stores/{storeId}/distributors/{distributor}", 404, Route(store, "tucker-rocky"), null, r => connections.GetConnection(r, store, "tucker-rocky"));
        await ExchangeAsync("GET", "/stores/{storeId}/distributors/{distributor}", 400, [], null, r => connections.GetConnection(r, "bad store", "wps"));
        await ExchangeAsync("POST", "/stores/{storeId}/distributors/{distributor}/verify", 200, Route(store, "wps"), null, r => connections.VerifyConnection(r, store, "wps"));
        await ExchangeAsync("POST", "/stores/{storeId}/distributors/{distributor}/verify", 404, Route(store, "automatic"), null, r => connections.VerifyConnection(r, store, "automatic"));
        // The go-live probe (reads only) and the operators' answer problems.
        await ExchangeAsync("POST", "/stores/{storeId}/distributors/{distributor}/probe", 200, Route(store, "wps"), JsonNode.Parse("{}"),
            body => connections.ProbeConnection(body, store, "wps"));
        await ExchangeAsync("POST", "/stores/{storeId}/distributors/{distributor}/probe", 404, Route(store, "automatic"), JsonNode.Parse("{}"),
            body => connections.ProbeConnection(body, store, "automatic"));
        var answerProblems = app.Get<AnswerProblemsFunction>();
        await ExchangeAsync("GET", "/distributors/{distributor}/answer-problems", 200, new() { ["distributor"] = "wps" }, null, r => answerProblems.ListAnswerProblems(r, "wps"));
        await ExchangeAsync("GET", "/distributors/{distributor}/answer-problems", 400, [], null, r => answerProblems.ListAnswerProblems(r, "acme"));
        await ExchangeAsync("DELETE", "/stores/{storeId}/distributors/{distributor}", 204, Route(store, "parts-unlimited"), null, r => connections.DeleteConnection(r, store, "parts-unlimited"));
        await ExchangeAsync("DELETE", "/stores/{storeId}/distributors/{distributor}", 404, Route(store, "parts-unlimited"), null, r => connections.DeleteConnection(r, store, "parts-unlimited"));

        // Eligibility of an item and of a whole order whose items leave the order's fields out.
        var eligibility = app.Get<EligibilityFunction>();
        await ExchangeAsync("POST", "/stores/{storeId}/dropship/eligibility", 200, Route(store), Json(Orders.Item()), r => eligibility.CheckEligibility(r, store));
        await ExchangeAsync("POST", "/stores/{storeId}/dropship/eligibility", 400, Route(store), Json(Orders.Item() with { Quantity = 0 }),
            r => eligibility.CheckEligibility(r, store), acceptedRequest: false);
        await ExchangeAsync("POST", "/stores/{storeId}/dropship/eligibility/order", 200, Route(store), Json(Orders.WholeOrder()), r => eligibility.CheckOrderEligibility(r, store));

        // Submit: created (with Location), conflicts, not eligible, invalid, rejected by the distributor.
        var submit = app.Get<SubmitPurchaseOrderFunction>();
        Task SubmitAsync(int status, object body, bool accepted = true) => ExchangeAsync("POST", "/stores/{storeId}/purchase-orders", status, Route(store), Json(body),
            r => submit.SubmitPurchaseOrder(r, store, app.Durable.Object), acceptedRequest: accepted);
        await SubmitAsync(201, Orders.Submit(Orders.Item(itemId: "A1"), "DS1001-1"));
        await SubmitAsync(201, Orders.Submit(Orders.Item(itemId: "A2"), "DS1001-2") with { AllowBackorder = false, ShipMethod = "BEST" });
        await SubmitAsync(409, Orders.Submit(Orders.Item(itemId: "A1"), "DS1001-9"));
        await SubmitAsync(409, Orders.Submit(Orders.Item(itemId: "A3"), "DS1001-1"));
        await SubmitAsync(422, Orders.Submit(Orders.Item(itemId: "A4") with { Catalog = "OEM" }, "DS1001-4"));
        await SubmitAsync(400, Orders.Submit(Orders.Item(itemId: "A5"), "DS1001-5") with { ConfirmRealOrder = false }, accepted: false);
        app.Sandbox.Scripts.Set("87-4242", new PartScript { Order = OrderBehavior.PaymentProblem });
        await SubmitAsync(502, Orders.Submit(Orders.Item(itemId: "A6", parts: new DistributorPartInput("wps", "87-4242")), "DS1001-6"));

        // A whole order: ordered (200), then nothing left to order (409 ORDER_NOT_PLACED with the groups).
        var wholeOrder = app.Get<SubmitOrderFunction>();
        var orderBody = Submission.WholeOrderTests.Order([Submission.WholeOrderTests.Item("B1", "wps", "87-5555"), Submission.WholeOrderTests.Item("B2", "wps", "87-5556")]);
        await ExchangeAsync("POST", "/stores/{storeId}/dropship/order", 200, Route(store), Json(orderBody), r => wholeOrder.SubmitOrder(r, store, app.Durable.Object));
        await ExchangeAsync("POST", "/stores/{storeId}/dropship/order", 409, Route(store), Json(orderBody), r => wholeOrder.SubmitOrder(r, store, app.Durable.Object));

        // Purchase orders: search with its token, read, check now.
        var pos = app.Get<PurchaseOrderFunctions>();
        var first = await ExchangeAsync("GET", "/stores/{storeId}/purchase-orders", 200, Route(store), null, r => pos.SearchPurchaseOrders(r, store),
            new() { ["pageSize"] = "1", ["distributor"] = "wps", ["status"] = "Open", ["shipped"] = "false", ["orderId"] = "1001" });
        var token = first.GetProperty("continuationToken").GetString()!;
        await ExchangeAsync("GET", "/stores/{storeId}/purchase-orders", 200, Route(store), null, r => pos.SearchPurchaseOrders(r, store),
            new() { ["pageSize"] = "1", ["continuationToken"] = token, ["poNumber"] = "DS1001-1" });
        await ExchangeAsync("GET", "/stores/{storeId}/purchase-orders", 400, Route(store), null, r => pos.SearchPurchaseOrders(r, store),
            new() { ["pageSize"] = "0" }, acceptedRequest: false);
        await ExchangeAsync("GET", "/stores/{storeId}/purchase-orders/{poNumber}", 200, Route(store, po: "DS1001-1"), null, r => pos.GetPurchaseOrder(r, store, "DS1001-1"));
        await ExchangeAsync("GET", "/stores/{storeId}/purchase-orders/{poNumber}", 404, Route(store, po: "DS9999-1"), null, r => pos.GetPurchaseOrder(r, store, "DS9999-1"));
        await ExchangeAsync("POST", "/stores/{storeId}/purchase-orders/{poNumber}/check", 202, Route(store, po: "DS1001-1"), null,
            r => pos.CheckPurchaseOrderNow(r, store, "DS1001-1", app.Durable.Object));

        // Feed runs, paged: the token the server returns is one the document lets a client send back.
        var history = app.Get<FeedRunHistory>();
        foreach (var minutes in new[] { 1, 2 })
            await history.SaveAsync(new FeedRun("wps", DateTimeOffset.UtcNow.AddMinutes(-minutes), FeedRunOutcome.Succeeded, ["WPS_Daily_Combined.csv"], "ftp://feeds.example/",
                null, 10, 2, 1, 0, 1, 0, [], TimeSpan.FromSeconds(1), null, SourceCalled: true), default);
        var runs = app.Get<FeedRunFunctions>();
        var runsPage = await ExchangeAsync("GET", "/feeds/runs", 200, [], null, runs.ListFeedRuns, new() { ["distributor"] = "wps", ["pageSize"] = "1" });
        await ExchangeAsync("GET", "/feeds/runs", 200, [], null, runs.ListFeedRuns,
            new() { ["distributor"] = "wps", ["pageSize"] = "1", ["continuationToken"] = runsPage.GetProperty("continuationToken").GetString()! });
        await ExchangeAsync("GET", "/feeds/runs", 400, [], null, runs.ListFeedRuns, new() { ["distributor"] = "acme" }, acceptedRequest: false);

        await ExchangeAsync("GET", "/health", 200, [], null, app.Get<HealthFunction>().Health);

        // The attention list: an entry listed, a malformed id refused, the entry dismissed, then gone.
        var attention = app.Get<DropShip.Functions.Attention.AttentionFunctions>();
        var item = DropShip.Core.Attention.AttentionItem.ForPurchaseOrder("DS1001-1", "wps", "Western Power Sports", DropShip.Core.Attention.AttentionReasons.EmailFailed, DateTimeOffset.UtcNow, "not sent");
        await app.Get<DropShip.Core.Attention.AttentionIndex>().RaiseAsync(store, item, default);
        await ExchangeAsync("GET", "/stores/{storeId}/attention", 200, Route(store), null, r => attention.ListAttention(r, store), new() { ["pageSize"] = "10" });
        var dismissRoute = new Dictionary<string, string>(Route(store)) { ["id"] = item.Id };
        await ExchangeAsync("POST", "/stores/{storeId}/attention/{id}/dismiss", 200, dismissRoute, null, r => attention.DismissAttention(r, store, item.Id));
        await ExchangeAsync("POST", "/stores/{storeId}/attention/{id}/dismiss", 404, dismissRoute, null, r => attention.DismissAttention(r, store, item.Id));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // Every documented operation was driven at least once.
        var documented = Document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {p.Key}")).Where(o => o != "GET /openapi.json");
        Assert.Empty(documented.Except(exercised));
    }

    [Fact]
    public void Every_example_of_the_document_is_valid_with_the_live_title_and_a_documented_code()
    {
        foreach (var (path, item) in Document.Paths)
            foreach (var (method, operation) in item.Operations!)
                foreach (var (status, response) in operation.Responses!)
                    foreach (var (mediaType, media) in response.Content?.ToList() ?? [])
                    {
                        var examples = media.Examples?.Select(e => (e.Key, e.Value.Value)).ToList() ?? [];
                        if (media.Example is { } single) examples.Add(("example", single));
                        foreach (var (name, value) in examples)
                        {
                            var where = $"{method.Method} {path} {status} {name}";
                            Validate(media.Schema!, value, where);
                            if (mediaType != ApiResults.ProblemContentType) continue;
                            var code = int.Parse(status, CultureInfo.InvariantCulture);
                            Check(value?["title"]?.GetValue<string>() == ReasonPhrases.GetReasonPhrase(code), $"{where}: title '{value?["title"]}', live '{ReasonPhrases.GetReasonPhrase(code)}'.");
                            Check(value?["status"]?.GetValue<int>() == code, $"{where}: status {value?["status"]}.");
                            CheckCodes(JsonSerializer.SerializeToElement(value), where);
                        }
                    }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_validation_used_here_does_catch_what_the_document_forbids()
    {
        var problem = Document.Components!.Schemas!["Problem"];
        Validate(problem, JsonNode.Parse("""{"type":"about:blank","title":"Bad Request","status":400,"detail":"x","code":"INVALID_REQUEST"}"""), "valid");
        Assert.Empty(problems);
        Validate(problem, JsonNode.Parse("""{"type":"about:blank","title":"Bad Request","status":"400","detail":"x"}"""), "broken");
        Validate(problem, JsonNode.Parse("""{"type":"about:blank","title":"Bad Request","status":400,"detail":"x","code":"X","surprise":1}"""), "extra");
        Validate(Document.Components!.Parameters!["StoreId"].Schema!, JsonValue.Create("dealer-1\n"), "newline");
        Validate(Document.Components!.Schemas!["OrderFacts"], JsonNode.Parse("""{"orderId":"1","items":[]}"""), "empty items");
        Assert.Contains(problems, p => p.StartsWith("broken", StringComparison.Ordinal) && p.Contains("code", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("broken", StringComparison.Ordinal) && p.Contains("status", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("extra", StringComparison.Ordinal) && p.Contains("surprise", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("newline", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("empty items", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Route(string storeId, string? distributor = null, string? po = null)
    {
        var values = new Dictionary<string, string> { ["storeId"] = storeId };
        if (distributor is not null) values["distributor"] = distributor;
        if (po is not null) values["poNumber"] = po;
        return values;
    }

    private static JsonNode Json(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), DropShipJson.Options)!;

    /// <summary>Sends one request to a function and holds the exchange against the operation's documentation.</summary>
    /// <param name="acceptedRequest">The request is one the server accepts: its body and values must be valid against the document.</param>
    private async Task<JsonElement> ExchangeAsync(string method, string path, int expectedStatus, Dictionary<string, string> route, JsonNode? body,
        Func<HttpRequest, Task<IActionResult>> function, Dictionary<string, string>? query = null, bool acceptedRequest = true)
    {
        var operation = Document.Paths[path].Operations![HttpMethod.Parse(method)];
        var where = $"{method} {path} ({expectedStatus})";
        exercised.Add($"{method} {path}");
        var request = Http.Request(method, query: query is null ? null : string.Join("&", query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")),
            rawBody: body?.ToJsonString(DropShipJson.Options));
        if (acceptedRequest)
        {
            if (body is not null) Validate(operation.RequestBody!.Content!["application/json"].Schema!, body, $"{where} request");
            var parameters = (Document.Paths[path].Parameters ?? []).Concat(operation.Parameters ?? []).ToList();
            foreach (var (name, value) in route.Concat(query ?? []))
            {
                if (parameters.FirstOrDefault(p => p.Name == name) is not { } parameter) { problems.Add($"{where}: parameter {name} is not documented."); continue; }
                // A query string carries text; a parameter documented as a number or a boolean is that text read as one.
                var type = parameter.Schema!.Type ?? JsonSchemaType.String;
                JsonNode asJson = type.HasFlag(JsonSchemaType.Integer) && int.TryParse(value, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                    : type.HasFlag(JsonSchemaType.Boolean) && bool.TryParse(value, out var flag) ? JsonValue.Create(flag)
                    : JsonValue.Create(value);
                Validate(parameter.Schema!, asJson, $"{where} {name}={value}");
            }
        }

        var (status, json, raw, contentType) = Http.Read(await function(request));
        Assert.True(status == expectedStatus, $"{where}: {status} {raw}");
        if (!operation.Responses!.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response))
        {
            problems.Add($"{where}: status {status} is not documented.");
            return json;
        }
        foreach (var header in response.Headers?.Keys.ToList() ?? [])
            Check(request.HttpContext.Response.Headers.ContainsKey(header), $"{where}: documented header {header} not sent.");
        if (raw.Length == 0) return json;
        var mediaType = contentType!.Split(';')[0];
        if (response.Content?.TryGetValue(mediaType, out var media) != true)
        {
            problems.Add($"{where}: {mediaType} is not documented for {status}.");
            return json;
        }
        Validate(media!.Schema!, JsonNode.Parse(raw), $"{where} response");
        CheckCodes(json, where);
        return json;
    }

    /// <summary>A problem's code is listed in the Problem schema, each field error's code in the FieldError schema.</summary>
    private void CheckCodes(JsonElement body, string where)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("code", out var code)) return;
        var schemas = Document.Components!.Schemas!;
        Check(schemas["Problem"].Properties!["code"].Description!.Contains($"`{code.GetString()}`", StringComparison.Ordinal), $"{where}: problem code {code} is not listed in Problem.code.");
        if (body.TryGetProperty("errors", out var errors))
            foreach (var error in errors.EnumerateArray())
                Check(schemas["FieldError"].Properties!["code"].Description!.Contains($"`{error.GetProperty("code").GetString()}`", StringComparison.Ordinal),
                    $"{where}: field code {error.GetProperty("code")} is not listed in FieldError.code.");
    }

    private void Check(bool condition, string problem)
    {
        if (!condition) problems.Add(problem);
    }

    /// <summary>
    /// The OpenAPI 3.0 schema keywords the document uses, as a validating gateway applies them: type (with nullable), enum,
    /// required, properties (members the schema does not list are refused unless it has additionalProperties),
    /// additionalProperties, items, min/maxItems, uniqueItems, min/maxLength, pattern (ECMA-262: '$' only at the very end),
    /// minimum/maximum, allOf/oneOf/anyOf.
    /// </summary>
    private void Validate(IOpenApiSchema schema, JsonNode? node, string at)
    {
        foreach (var part in schema.AllOf ?? []) Validate(part, node, at);
        if (schema.OneOf is { Count: > 0 } oneOf && oneOf.Count(s => Passes(s, node)) != 1) problems.Add($"{at}: matches not exactly one of oneOf.");
        if (schema.AnyOf is { Count: > 0 } anyOf && !anyOf.Any(s => Passes(s, node))) problems.Add($"{at}: matches none of anyOf.");
        if (node is null)
        {
            if (schema.Type is { } declared && !declared.HasFlag(JsonSchemaType.Null)) problems.Add($"{at}: null where the document says {declared}.");
            return;
        }
        var kind = node.GetValueKind();
        if (schema.Type is { } type)
        {
            var fits = kind switch
            {
                JsonValueKind.Object => type.HasFlag(JsonSchemaType.Object),
                JsonValueKind.Array => type.HasFlag(JsonSchemaType.Array),
                JsonValueKind.String => type.HasFlag(JsonSchemaType.String),
                JsonValueKind.Number => type.HasFlag(JsonSchemaType.Number) || type.HasFlag(JsonSchemaType.Integer) && decimal.IsInteger(NumberOf(node)),
                JsonValueKind.True or JsonValueKind.False => type.HasFlag(JsonSchemaType.Boolean),
                _ => false,
            };
            if (!fits)
            {
                problems.Add($"{at}: {kind} where the document says {type}.");
                return;
            }
        }
        if (schema.Enum is { Count: > 0 } values && !values.Any(v => JsonNode.DeepEquals(v, node)))
            problems.Add($"{at}: {node.ToJsonString()} is not one of {string.Join(", ", values.Select(v => v?.ToJsonString()))}.");
        switch (kind)
        {
            case JsonValueKind.String:
                var text = node.GetValue<string>();
                if (schema.MaxLength is { } maxLength && text.Length > maxLength) problems.Add($"{at}: longer than {maxLength}.");
                if (schema.MinLength is { } minLength && text.Length < minLength) problems.Add($"{at}: shorter than {minLength}.");
                if (schema.Pattern is { } pattern && !EcmaPattern(pattern).IsMatch(text)) problems.Add($"{at}: '{text}' does not match {pattern}.");
                break;
            case JsonValueKind.Number:
                var number = NumberOf(node);
                if (Bound(schema.Maximum) is { } maximum && number > maximum) problems.Add($"{at}: above {maximum}.");
                if (Bound(schema.Minimum) is { } minimum && number < minimum) problems.Add($"{at}: below {minimum}.");
                break;
            case JsonValueKind.Object:
                var members = node.AsObject();
                foreach (var required in schema.Required?.ToList() ?? [])
                    if (!members.ContainsKey(required)) problems.Add($"{at}: required member {required} is missing.");
                foreach (var (name, value) in members)
                {
                    if (schema.Properties is { } properties && properties.TryGetValue(name, out var property)) Validate(property, value, $"{at}.{name}");
                    else if (schema.AdditionalProperties is { } additional) Validate(additional, value, $"{at}.{name}");
                    else if (schema.Properties is { Count: > 0 } || !schema.AdditionalPropertiesAllowed) problems.Add($"{at}: member {name} is not in the document.");
                }
                break;
            case JsonValueKind.Array:
                var items = node.AsArray();
                if (schema.MaxItems is { } maxItems && items.Count > maxItems) problems.Add($"{at}: more than {maxItems} items.");
                if (schema.MinItems is { } minItems && items.Count < minItems) problems.Add($"{at}: fewer than {minItems} items.");
                if (schema.UniqueItems == true && items.Select(i => i?.ToJsonString()).Distinct().Count() != items.Count) problems.Add($"{at}: items repeat.");
                if (schema.Items is { } itemSchema)
                    for (var i = 0; i < items.Count; i++) Validate(itemSchema, items[i], $"{at}[{i}]");
                break;
        }
    }

    private bool Passes(IOpenApiSchema schema, JsonNode? node)
    {
        var before = problems.Count;
        Validate(schema, node, "");
        var passes = problems.Count == before;
        problems.RemoveRange(before, problems.Count - before);
        return passes;
    }

    private static decimal NumberOf(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static decimal? Bound(object? value) =>
        value is null ? null : decimal.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>ECMA-262's '$' (without the m flag) matches only at the very end; .NET's also before a final newline.</summary>
    private static Regex EcmaPattern(string pattern) => new(pattern.EndsWith('$') && !pattern.EndsWith("\\$", StringComparison.Ordinal) ? pattern[..^1] + @"\z" : pattern);
}
