using System.Text.Json;
using DropShip.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DropShip.Functions.Http;

/// <summary>
/// Reads a JSON body with a size limit and turns every way it can be wrong (too large, empty, not JSON, wrong types)
/// into a 4xx problem that says where, instead of an exception the host would turn into a 500.
/// </summary>
public static class RequestJson
{
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<(T? Value, IActionResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength > MaxBodyBytes) return (null, TooLarge());
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Send the body as application/json."));

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return (null, Malformed("The request body is empty; a JSON object is required."));

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), DropShipJson.Options);
            return value is null ? (null, Malformed("The request body must be a JSON object, not null.")) : (value, null);
        }
        catch (JsonException ex)
        {
            // The exception's own message can quote the input; report only where it broke.
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path.TrimStart('$', '.')}";
            return (null, Malformed($"The request body is not valid JSON for this endpoint{where} (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})."));
        }
    }

    private static ContentResult Malformed(string detail) =>
        ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.MalformedJson, detail);

    private static ContentResult TooLarge() =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.BodyTooLarge, $"The body must be at most {MaxBodyBytes / 1024} KB.");
}
