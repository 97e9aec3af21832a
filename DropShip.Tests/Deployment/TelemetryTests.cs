using DropShip.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Moq;

namespace DropShip.Tests.Deployment;

/// <summary>The invocation log scope middleware, invoked as the worker would, and the Application Insights log level rule.</summary>
public sealed class TelemetryTests
{
    private readonly ServiceProvider services = new ServiceCollection()
        .AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddFakeLogging())
        .BuildServiceProvider();

    private FakeLogCollector Logs => services.GetFakeLogCollector();

    private static FunctionContext Context(string functionName, IReadOnlyDictionary<string, object?> bindingData, string invocationId = "7d2c5a0e-inv")
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InvocationId).Returns(invocationId);
        context.SetupGet(c => c.FunctionDefinition).Returns(Mock.Of<FunctionDefinition>(d => d.Name == functionName));
        context.SetupGet(c => c.BindingContext).Returns(Mock.Of<BindingContext>(b => b.BindingData == bindingData));
        return context.Object;
    }

    // As the worker builds it: trigger metadata keyed case-insensitively, route values as strings, plus other metadata.
    private static Dictionary<string, object?> HttpBindingData(params (string Key, object? Value)[] values)
    {
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Query"] = """{"pageSize":"10"}""",
            ["Headers"] = """{"x-functions-key":"function-key-value"}""",
        };
        foreach (var (key, value) in values) data[key] = value;
        return data;
    }

    private InvocationLogScopeMiddleware Middleware() => new(services.GetRequiredService<ILogger<InvocationLogScopeMiddleware>>());

    private static IReadOnlyDictionary<string, object?> ScopeOf(FakeLogRecord record) =>
        record.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().Single().ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task Logs_written_during_an_http_invocation_carry_invocation_function_store_po_and_distributor()
    {
        var context = Context("CheckPurchaseOrderNow", HttpBindingData(("storeId", "shop_1"), ("poNumber", "PO-1001"), ("distributor", "wps")));
        var functionLogger = services.GetRequiredService<ILoggerFactory>().CreateLogger("DropShip.Core.Submission.SubmissionService");

        await Middleware().Invoke(context, _ =>
        {
            functionLogger.LogInformation("PO {PoNumber} placed", "PO-1001");
            return Task.CompletedTask;
        });
        functionLogger.LogInformation("after the invocation");

        var during = Logs.GetSnapshot().Single(r => r.Message == "PO PO-1001 placed");
        var scope = ScopeOf(during);
        Assert.Equal("7d2c5a0e-inv", scope["InvocationId"]);
        Assert.Equal("CheckPurchaseOrderNow", scope["FunctionName"]);
        Assert.Equal("shop_1", scope["StoreId"]);
        Assert.Equal("PO-1001", scope["PoNumber"]);
        Assert.Equal("wps", scope["Distributor"]);
        Assert.Equal(5, scope.Count); // nothing else from the trigger metadata (headers carry the function key)
        Assert.Empty(Logs.GetSnapshot().Single(r => r.Message == "after the invocation").Scopes);
    }

    [Fact]
    public async Task Route_values_are_found_whatever_their_case_and_absent_ones_are_left_out()
    {
        var context = Context("SearchPurchaseOrders", HttpBindingData(("STOREID", "Shop")));
        var logger = services.GetRequiredService<ILogger<TelemetryTests>>();

        await Middleware().Invoke(context, _ =>
        {
            logger.LogInformation("searching");
            return Task.CompletedTask;
        });

        var scope = ScopeOf(Logs.LatestRecord);
        Assert.Equal("Shop", scope["StoreId"]);
        Assert.False(scope.ContainsKey("PoNumber"));
        Assert.False(scope.ContainsKey("Distributor"));
    }

    [Fact]
    public async Task A_timer_invocation_gets_its_invocation_id_and_function_name()
    {
        var context = Context("DeliverWebhooks", new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Timer"] = "{}" });
        var logger = services.GetRequiredService<ILogger<TelemetryTests>>();

        await Middleware().Invoke(context, _ =>
        {
            logger.LogInformation("delivering");
            return Task.CompletedTask;
        });

        Assert.Equal(new Dictionary<string, object?> { ["InvocationId"] = "7d2c5a0e-inv", ["FunctionName"] = "DeliverWebhooks" }, ScopeOf(Logs.LatestRecord));
    }

    [Fact]
    public void Values_from_the_url_cannot_forge_log_lines_or_grow_without_bound()
    {
        var scope = InvocationLogScopeMiddleware.ScopeFor(Context("GetPurchaseOrder", HttpBindingData(
            ("storeId", "shop\r\nERROR forged line"), ("poNumber", new string('9', 500)), ("distributor", 42))));

        Assert.Equal("shopERROR forged line", scope["StoreId"]);
        Assert.Equal(new string('9', InvocationLogScopeMiddleware.MaxValueLength) + "…", scope["PoNumber"]);
        Assert.False(scope.ContainsKey("Distributor")); // not a string: not a route value
    }

    [Fact]
    public async Task The_function_runs_inside_the_scope_and_its_exception_propagates()
    {
        var context = Context("SubmitPurchaseOrder", HttpBindingData(("storeId", "shop")));
        var ran = false;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Middleware().Invoke(context, c =>
        {
            ran = ReferenceEquals(c, context);
            throw new InvalidOperationException("boom");
        }));

        Assert.True(ran);
        services.GetRequiredService<ILogger<TelemetryTests>>().LogInformation("later");
        Assert.Empty(Logs.LatestRecord.Scopes);
    }

    [Fact]
    public void The_builder_registers_the_middleware_and_lets_information_logs_reach_application_insights()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        // What the Application Insights 2.x SDK registers (AddFilter<ApplicationInsightsLoggerProvider>("", Warning)), and an
        // operator's own setting for the provider (configuration alias), which must survive.
        builder.Services.Configure<LoggerFilterOptions>(o =>
        {
            o.Rules.Add(new LoggerFilterRule(TelemetryRegistration.ApplicationInsightsLoggerProviderName, "", LogLevel.Warning, null));
            o.Rules.Add(new LoggerFilterRule("ApplicationInsights", "DropShip.Core.Feeds", LogLevel.Debug, null));
        });

        builder.AddDropShipTelemetry();

        Assert.Contains(builder.Services, d => d.ServiceType == typeof(InvocationLogScopeMiddleware) && d.Lifetime == ServiceLifetime.Singleton);
        using var provider = builder.Services.BuildServiceProvider();
        var rules = provider.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;
        Assert.DoesNotContain(rules, r => r.ProviderName == TelemetryRegistration.ApplicationInsightsLoggerProviderName && string.IsNullOrEmpty(r.CategoryName));
        Assert.Contains(rules, r => r is { ProviderName: "ApplicationInsights", CategoryName: "DropShip.Core.Feeds", LogLevel: LogLevel.Debug });
        Assert.Contains(rules, r => r.ProviderName == TelemetryRegistration.ApplicationInsightsLoggerProviderName
                                    && r.CategoryName == "System.Net.Http.HttpClient" && r.LogLevel == LogLevel.Warning);
        Assert.NotNull(provider.GetRequiredService<InvocationLogScopeMiddleware>());
    }
}
