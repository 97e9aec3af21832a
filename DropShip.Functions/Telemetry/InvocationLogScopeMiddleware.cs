using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace DropShip.Functions.Telemetry;

/// <summary>
/// Opens one logging scope around every invocation. The scope holds InvocationId, FunctionName and, when the route
/// has them, StoreId, PoNumber and Distributor. Every log line written during the invocation carries these, from the
/// function and from Core services alike (the scope provider is shared by all loggers of the factory). Application
/// Insights stores scope values as custom dimensions, so a dealer's support question ("what happened to PO X of store Y")
/// is one query.
/// <para>
/// The route values come from <c>FunctionContext.BindingContext.BindingData</c>. For an HTTP trigger that dictionary
/// is the invocation's trigger metadata, which holds the route parameters, keyed case-insensitively. The worker binds
/// parameters such as <c>string storeId</c> from the same dictionary (Azure Functions .NET worker,
/// DefaultBindingContext and DefaultFunctionInputBindingFeature).
/// </para>
/// <para>
/// The values come from the caller's URL. They are cut to <see cref="MaxValueLength"/> characters and stripped of
/// control characters, so a crafted URL cannot forge log lines. None of them is a secret.
/// </para>
/// </summary>
public sealed class InvocationLogScopeMiddleware(ILogger<InvocationLogScopeMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public const int MaxValueLength = 128;

    /// <summary>Route parameter name and the log property it becomes.</summary>
    public static readonly IReadOnlyList<(string RouteValue, string Property)> RouteProperties =
    [
        ("storeId", "StoreId"),
        ("poNumber", "PoNumber"),
        ("distributor", "Distributor"),
    ];

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        using (logger.BeginScope(ScopeFor(context)))
        {
            await next(context);
        }
    }

    /// <summary>The scope's properties for one invocation (a dictionary: Application Insights turns each entry into a custom dimension).</summary>
    public static Dictionary<string, object?> ScopeFor(FunctionContext context)
    {
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["InvocationId"] = context.InvocationId,
            ["FunctionName"] = context.FunctionDefinition?.Name,
        };
        var bindingData = context.BindingContext?.BindingData;
        if (bindingData is null) return scope;
        foreach (var (routeValue, property) in RouteProperties)
        {
            if (bindingData.TryGetValue(routeValue, out var raw) && raw is string text && Clean(text) is { Length: > 0 } value)
                scope[property] = value;
        }
        return scope;
    }

    private static string Clean(string value)
    {
        var kept = value.Where(c => !char.IsControl(c)).Take(MaxValueLength + 1).ToArray();
        return kept.Length > MaxValueLength ? new string(kept, 0, MaxValueLength) + "…" : new string(kept).Trim();
    }
}
