using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DropShip.Core;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Eligibility;
using DropShip.Core.Feeds;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Submission;
using DropShip.Functions;
using DropShip.Functions.OpenApi;
using DropShip.Functions.PurchaseOrders;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace DropShip.Tests.Deployment;

/// <summary>
/// The hand-written OpenAPI document (DropShip.Functions/OpenApi/openapi.json, embedded and served at GET api/openapi.json)
/// is valid OpenAPI and matches the code: the same (method, path) pairs as the [HttpTrigger] functions, their names as
/// operation ids, function-key security exactly where the function requires a key, and the same JSON properties
/// and enum values as the records the API serializes.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static readonly Lazy<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> Loaded = new(() =>
    {
        var (document, diagnostic) = OpenApiDocument.Parse(OpenApiFunction.Load(), OpenApiConstants.Json, new OpenApiReaderSettings());
        return (document!, diagnostic!);
    });

    private static OpenApiDocument Document => Loaded.Value.Document;

    /// <summary>One HTTP function as the Functions host sees it.</summary>
    private sealed record HttpFunction(string Name, string Method, string Path, AuthorizationLevel AuthLevel);

    private static IReadOnlyList<HttpFunction> HttpFunctions() =>
        typeof(FunctionsRegistration).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .SelectMany(f =>
            {
                Assert.True(f.Trigger!.Methods is { Length: > 0 }, $"{f.Function!.Name} must name its HTTP methods: without them it answers every method.");
                return f.Trigger.Methods!.Select(method => new HttpFunction(f.Function!.Name, method.ToUpperInvariant(), "/" + NormalizeRoute(f.Trigger.Route ?? f.Function.Name), f.Trigger.AuthLevel));
            })
            .ToList();

    // Route template parameters as OpenAPI writes them: {id:int} -> {id}, {*rest} -> {rest}, {name?} -> {name}.
    private static string NormalizeRoute(string route) =>
        RouteParameter().Replace(route.Trim('/'), m => "{" + m.Groups["name"].Value + "}");

    private static IEnumerable<(string Method, string Path, OpenApiOperation Operation, IOpenApiPathItem Item)> Operations() =>
        from path in Document.Paths
        from operation in path.Value.Operations ?? []
        select (operation.Key.Method.ToUpperInvariant(), path.Key, operation.Value, path.Value);

    [Fact]
    public void The_document_is_valid_openapi_3()
    {
        var (document, diagnostic) = Loaded.Value;
        Assert.NotNull(document);
        Assert.Empty(diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.Empty((document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []).Select(e => $"{e.Pointer}: {e.Message}"));
    }

    [Fact]
    public void The_validation_used_here_does_catch_a_broken_document()
    {
        var json = OpenApiFunction.Load();
        var (_, unreadable) = OpenApiDocument.Parse(json.Replace("\"title\": \"DropShip API\",", ""), OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.NotEmpty(unreadable!.Errors);
        var (dangling, _) = OpenApiDocument.Parse(json.Replace("#/components/schemas/Health\"", "#/components/schemas/NoSuchSchema\""), OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.NotEmpty(dangling!.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public void Every_http_function_is_documented_and_every_documented_route_exists()
    {
        var functions = HttpFunctions().Select(f => $"{f.Method} {f.Path}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var documented = Operations().Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(functions);
        Assert.True(functions.Except(documented).ToList() is { Count: 0 } missing, $"Functions missing from openapi.json: {string.Join(", ", functions.Except(documented))}");
        Assert.True(documented.Except(functions).ToList() is { Count: 0 } extra, $"openapi.json names routes no function serves: {string.Join(", ", documented.Except(functions))}");
    }

    [Fact]
    public void Operation_ids_are_the_function_names()
    {
        var byRoute = HttpFunctions().ToDictionary(f => $"{f.Method} {f.Path}", f => f.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (method, path, operation, _) in Operations())
            Assert.True(byRoute.GetValueOrDefault($"{method} {path}") == operation.OperationId,
                $"{method} {path}: operationId {operation.OperationId}, function {byRoute.GetValueOrDefault($"{method} {path}") ?? "(none)"}.");
    }

    [Fact]
    public void The_function_key_is_required_in_the_document_exactly_where_the_function_requires_it()
    {
        var schemes = Document.Components!.SecuritySchemes!;
        Assert.Equal(ParameterLocation.Header, schemes["functionKeyHeader"].In);
        Assert.Equal("x-functions-key", schemes["functionKeyHeader"].Name);
        Assert.Equal(ParameterLocation.Query, schemes["functionKeyQuery"].In);
        Assert.Equal("code", schemes["functionKeyQuery"].Name);
        Assert.NotEmpty(Document.Security ?? []);

        var byRoute = HttpFunctions().ToDictionary(f => $"{f.Method} {f.Path}", f => f.AuthLevel, StringComparer.OrdinalIgnoreCase);
        foreach (var (method, path, operation, _) in Operations())
        {
            Assert.True(byRoute.TryGetValue($"{method} {path}", out var authLevel), $"{method} {path} is not a function route.");
            var anonymousInDocument = operation.Security is { Count: 0 };
            Assert.True((authLevel == AuthorizationLevel.Anonymous) == anonymousInDocument,
                $"{method} {path}: the function's auth level is {authLevel}, the document says {(anonymousInDocument ? "no key" : "function key")}.");
            if (!anonymousInDocument) Assert.True(operation.Security is null, $"{method} {path} should use the document's function-key security.");
        }
    }

    [Fact]
    public void Servers_use_the_route_prefix_of_host_json()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "DropShip.Functions", "host.json")))!;
        var prefix = hostJson["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
        Assert.All(Document.Servers!, server => Assert.EndsWith("/" + prefix, server.Url));
    }

    [Fact]
    public void Path_parameters_are_declared_exactly_once_for_each_template_segment()
    {
        foreach (var (method, path, operation, item) in Operations())
        {
            var inTemplate = RouteParameter().Matches(path).Select(m => m.Groups["name"].Value).Order().ToList();
            var declared = (item.Parameters ?? []).Concat(operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Path).Select(p => p.Name!).Order().ToList();
            Assert.True(inTemplate.SequenceEqual(declared), $"{method} {path}: template has [{string.Join(", ", inTemplate)}], declared [{string.Join(", ", declared)}].");
        }
    }

    [Fact]
    public void Every_operation_documents_its_error_responses_as_problem_json()
    {
        foreach (var (method, path, operation, _) in Operations())
        {
            Assert.NotEmpty(operation.Responses!);
            foreach (var (status, response) in operation.Responses!)
            {
                if (status is "401" || !status.StartsWith('4') && !status.StartsWith('5') || path == "/health") continue;
                Assert.True(response.Content?.ContainsKey("application/problem+json") == true, $"{method} {path} {status} is not problem+json.");
            }
        }
    }

    public static TheoryData<string, Type> SchemasAndTypes() => new()
    {
        { "Problem", typeof(object) }, // checked separately: a dictionary built in ApiResults.Problem
        { "FieldError", typeof(FieldError) },
        { "Reason", typeof(Reason) },
        { "ConnectionInput", typeof(ConnectionInput) },
        { "ConnectionDefaultsInput", typeof(ConnectionDefaultsInput) },
        { "ConnectionDefaults", typeof(ConnectionDefaults) },
        { "ConnectionChange", typeof(ConnectionChange) },
        { "Connection", typeof(ConnectionView) },
        { "CredentialsRejection", typeof(CredentialsRejection) },
        { "AttentionItem", typeof(DropShip.Core.Attention.AttentionItem) },
        { "AttentionPage", typeof(Page<DropShip.Core.Attention.AttentionItem>) },
        { "Health", typeof(DropShip.Functions.Health.HealthReport) },
        { "DegradedPart", typeof(DropShip.Functions.Health.DegradedPart) },
        { "ShipTo", typeof(ShipTo) },
        { "Customer", typeof(Customer) },
        { "DistributorPart", typeof(DistributorPartInput) },
        { "OrderItemFacts", typeof(OrderItemFacts) },
        { "StockView", typeof(StockView) },
        { "LiveStock", typeof(LiveStockView) },
        { "EligibilityOption", typeof(EligibilityOption) },
        { "EligibilityResult", typeof(EligibilityResult) },
        { "OrderFacts", typeof(OrderFacts) },
        { "OrderEligibility", typeof(OrderEligibility) },
        { "SubmitRequest", typeof(SubmitRequest) },
        { "Shipment", typeof(DropShip.Functions.PurchaseOrders.ShipmentView) },
        { "PlatformEvent", typeof(DropShip.Functions.PurchaseOrders.PlatformEventView) },
        { "OptionRecord", typeof(OptionRecord) },
        { "StockAtSubmit", typeof(StockAtSubmit) },
        { "TimelineEntry", typeof(TimelineEntry) },
        { "PurchaseOrder", typeof(PurchaseOrderView) },
        { "PurchaseOrderSummary", typeof(PurchaseOrderSummary) },
        { "FeedRunPage", typeof(Page<DropShip.Functions.Feeds.FeedRunResponse>) },
        { "FeedRun", typeof(DropShip.Functions.Feeds.FeedRunResponse) },
        { "RejectedLines", typeof(DropShip.Functions.Feeds.RejectedLinesResponse) },
        { "RejectedLine", typeof(DropShip.Functions.Feeds.RejectedLineResponse) },
        { "ProbeInput", typeof(ProbeInput) },
        { "ProbeReport", typeof(ProbeReport) },
        { "ProbeStep", typeof(ProbeStep) },
        { "ProbeCall", typeof(ProbeCall) },
        { "FieldReport", typeof(DropShip.Core.Distributors.Answers.FieldReport) },
        { "ProbeContract", typeof(ProbeContract) },
        { "AnswerProblem", typeof(DropShip.Core.Distributors.Answers.AnswerProblem) },
        { "AnswerProblemPage", typeof(Page<DropShip.Core.Distributors.Answers.AnswerProblem>) },
    };

    [Theory]
    [MemberData(nameof(SchemasAndTypes))]
    public void Schemas_have_the_json_properties_of_the_records(string schema, Type type)
    {
        var documented = Document.Components!.Schemas![schema].Properties!.Keys.ToHashSet();
        var expected = type == typeof(object)
            ? ["type", "title", "status", "detail", "code", "errors", "reasons", "existingPoNumber", "distributorMessage", "stock", "requestedQuantity", "alternatives", "itemId", "orderId", "ordered", "groups"]
            : DropShipJson.Options.GetTypeInfo(type).Properties.Select(p => p.Name).ToHashSet();
        Assert.True(documented.SetEquals(expected),
            $"{schema}: documented [{string.Join(", ", documented.Order())}], {type.Name} serializes [{string.Join(", ", expected.Order())}].");
    }

    [Fact]
    public void Enums_list_the_values_the_code_uses()
    {
        static IReadOnlyList<string> EnumOf(IOpenApiSchema schema) => schema.Enum!.Select(e => e!.GetValue<string>()).ToList();
        var schemas = Document.Components!.Schemas!;

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" }).Build();
        using var services = new ServiceCollection().AddLogging().AddDropShipCore(configuration).BuildServiceProvider();
        Assert.Equal(services.GetRequiredService<DistributorRegistry>().All.Select(d => d.Profile.Key).Order(), EnumOf(schemas["DistributorKey"]).Order());

        Assert.Equal(Enum.GetNames<PurchaseOrderStatus>(), EnumOf(schemas["PurchaseOrderStatus"]));
        Assert.Equal(Enum.GetNames<EmailStatus>(), EnumOf(schemas["Shipment"].Properties!["customerEmail"]));
        Assert.Equal(Enum.GetNames<DropShip.Core.Platform.DeliveryStatus>(), EnumOf(schemas["PlatformEvent"].Properties!["delivery"]));
        Assert.Equal(Enum.GetNames<VerifyOutcome>(), EnumOf(schemas["VerifyResult"].Properties!["outcome"]));
        Assert.Equal(Enum.GetNames<PartAvailability>(), EnumOf(schemas["StockView"].Properties!["availability"]));
        Assert.Equal(Enum.GetNames<LiveStockStatus>(), EnumOf(schemas["LiveStock"].Properties!["status"]));
        Assert.Equal(Enum.GetNames<StockConfirmation>(), EnumOf(schemas["StockAtSubmit"].Properties!["outcome"]));
        Assert.Equal(Enum.GetNames<Catalog>(), EnumOf(schemas["OrderItemFacts"].Properties!["catalog"]));
        Assert.Equal(Enum.GetNames<DropShip.Core.Feeds.Runs.FeedRunOutcome>(), EnumOf(schemas["FeedRun"].Properties!["outcome"]));
        Assert.Equal(Enum.GetNames<DropShip.Core.Distributors.Answers.FieldFinding>(), EnumOf(schemas["FieldReport"].Properties!["finding"]));
        Assert.Equal(typeof(ReasonCodes).GetFields().Select(f => (string)f.GetValue(null)!).Order(), EnumOf(schemas["Reason"].Properties!["code"]).Order());
        Assert.Equal(typeof(DropShip.Core.Attention.AttentionReasons).GetFields().Select(f => (string)f.GetValue(null)!).Order(), EnumOf(schemas["AttentionItem"].Properties!["reason"]).Order());
        Assert.Equal(Enum.GetNames<ConnectionStatus>(), EnumOf(schemas["Connection"].Properties!["status"]));
        Assert.Equal(Enum.GetNames<DistributorCall>(), EnumOf(schemas["CredentialsRejection"].Properties!["call"]));
    }

    [Fact]
    public void Every_rejection_code_of_a_submit_is_documented()
    {
        var description = Document.Paths["/stores/{storeId}/purchase-orders"].Operations![HttpMethod.Post].Description!;
        var problemCodes = Document.Components!.Schemas!["Problem"].Properties!["code"].Description!;
        foreach (var code in Enum.GetValues<RejectionCode>().Select(SubmissionService.RejectionCodeName))
        {
            Assert.Contains($"`{code}`", description);
            Assert.Contains($"`{code}`", problemCodes);
        }
    }

    [Fact]
    public void The_function_serves_the_embedded_document_without_a_key()
    {
        var result = Assert.IsType<ContentResult>(new OpenApiFunction().GetOpenApiDocument(new DefaultHttpContext().Request));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.StartsWith("application/json", result.ContentType);
        Assert.Equal(OpenApiFunction.Load(), result.Content);
        // The embedded copy is the file in the repository.
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "DropShip.Functions", "OpenApi", "openapi.json")), result.Content);
        JsonDocument.Parse(result.Content!).Dispose();
    }


    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z_][A-Za-z0-9_]*)(:[^}?]*)?\??\}")]
    private static partial Regex RouteParameter();
}
