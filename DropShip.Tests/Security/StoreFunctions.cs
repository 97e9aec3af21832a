using System.Reflection;
using DropShip.Functions;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Http = DropShip.Tests.Infrastructure.Http;

namespace DropShip.Tests.Security;

/// <summary>Every function on a <c>stores/{storeId}</c> route, found by reflection, and a way to call one with chosen route values.</summary>
internal static class StoreFunctions
{
    public static IEnumerable<(Type Type, MethodInfo Method)> All() =>
        typeof(FunctionsRegistration).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Select(m => (Type: t, Method: m)))
            .Where(f => f.Method.GetCustomAttribute<FunctionAttribute>() is not null)
            .Where(f => f.Method.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>()?.Route?.StartsWith("stores/{storeId}", StringComparison.Ordinal) == true));

    public static bool Takes(MethodInfo method, string routeValue) => method.GetParameters().Any(p => p.Name == routeValue);

    /// <summary>Calls the function with <paramref name="route"/> (storeId, distributor, poNumber) and an empty JSON object as the body.</summary>
    public static async Task<IActionResult> InvokeAsync(TestApp app, Type type, MethodInfo method, IReadOnlyDictionary<string, string> route)
    {
        var arguments = method.GetParameters().Select(p => p.Name is { } name && route.TryGetValue(name, out var value) ? value
            : p.ParameterType == typeof(HttpRequest) ? Http.Request(p.GetCustomAttribute<HttpTriggerAttribute>()!.Methods![0].ToUpperInvariant(), rawBody: "{}")
            : p.ParameterType == typeof(DurableTaskClient) ? app.Durable.Object
            : (object?)null).ToArray();
        return await (Task<IActionResult>)method.Invoke(app.Services.GetService(type), arguments)!;
    }
}
