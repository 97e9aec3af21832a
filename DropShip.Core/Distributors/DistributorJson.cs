using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropShip.Core.Distributors;

/// <summary>JSON shared by the adapters: WPS's and Parts Unlimited's snake_case, and a parse that never throws.</summary>
public static class DistributorJson
{
    /// <summary>snake_case names, numbers accepted as strings, nulls left out of requests.</summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>A distributor's body as <typeparamref name="T"/>, or default when it is not that JSON (an HTML error page, say).</summary>
    public static T? TryParse<T>(string body, JsonSerializerOptions options)
    {
        try { return JsonSerializer.Deserialize<T>(body, options); }
        catch (JsonException) { return default; }
    }
}
