using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DropShip.Sandbox;

/// <summary>The JSON conventions of each distributor, and lenient body reading (a malformed body is the caller's mistake, never a 500).</summary>
internal static class SandboxJson
{
    /// <summary>WPS and Parts Unlimited: snake_case.</summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Tucker TRWS: all-lowercase keys (errormsg, orderinput, trackingnumber).</summary>
    public static readonly JsonSerializerOptions LowerCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = new LowerCaseNamingPolicy(),
    };

    /// <summary>Automatic and the sandbox's own control routes: camelCase.</summary>
    public static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);

    public static async Task<T?> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IResult Json(object value, JsonSerializerOptions options, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, options, statusCode: statusCode);

    /// <summary>A documented answer changed by <paramref name="drift"/> (a field renamed, of another type): see ApiVariants.Drifted.</summary>
    public static IResult Drifted(object value, JsonSerializerOptions options, Action<JsonNode> drift)
    {
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), options)!;
        drift(node);
        return Results.Content(node.ToJsonString(), "application/json");
    }

    /// <summary>Renames a property of <paramref name="node"/>, if it is there.</summary>
    public static void Rename(JsonNode? node, string from, string to)
    {
        if (node is JsonObject obj && obj.Remove(from, out var value))
        {
            obj[to] = value;
        }
    }

    /// <summary>Sets Retry-After (whole seconds, rounded up) when the script asks for one.</summary>
    public static void AddRetryAfter(HttpResponse response, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    public static string IsoDate(DateTimeOffset when) => when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class LowerCaseNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
