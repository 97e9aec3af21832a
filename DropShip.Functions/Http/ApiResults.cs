using System.Text.Json;
using DropShip.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DropShip.Functions.Http;

/// <summary>
/// The API's responses: JSON with the one serializer configuration (DropShipJson), and errors as RFC 7807
/// problem+json carrying a stable "code" and, for bad input, the failing fields.
/// </summary>
public static class ApiResults
{
    public const string ProblemContentType = "application/problem+json";

    public static ContentResult Json(int status, object value) => new()
    {
        StatusCode = status,
        ContentType = "application/json; charset=utf-8",
        Content = JsonSerializer.Serialize(value, value.GetType(), DropShipJson.Options),
    };

    public static ContentResult Ok(object value) => Json(StatusCodes.Status200OK, value);

    public static ContentResult Problem(int status, string code, string title, string detail, object? extensions = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://dropship.dev/problems/{code}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        if (extensions is not null)
            foreach (var property in JsonSerializer.SerializeToElement(extensions, extensions.GetType(), DropShipJson.Options).EnumerateObject())
                body[property.Name] = property.Value;
        return new ContentResult
        {
            StatusCode = status,
            ContentType = ProblemContentType,
            Content = JsonSerializer.Serialize(body, DropShipJson.Options),
        };
    }

    public static ContentResult Invalid(IReadOnlyList<FieldError> errors) => Problem(
        StatusCodes.Status400BadRequest,
        "invalid_request",
        "The request is invalid.",
        string.Join(" ", errors.Select(e => e.Message)),
        new { errors });

    public static ContentResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "not_found", "Not found.", $"{what} was not found in this store.");

    /// <summary>Null when the store id is acceptable; otherwise the 400 to return.</summary>
    public static ContentResult? CheckStoreId(string storeId) => StoreId.IsValid(storeId) ? null : Invalid(
        [new FieldError("storeId", "invalid_value", $"storeId must be 1-{StoreId.MaxLength} letters, digits, '-' or '_', starting with a letter or digit.")]);
}
