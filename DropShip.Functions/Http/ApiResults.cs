using System.Text.Json;
using DropShip.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace DropShip.Functions.Http;

/// <summary>
/// The API's responses: JSON with the one serializer configuration (DropShipJson), and errors as RFC 7807
/// problem+json. A problem's <c>type</c> is <c>about:blank</c> (RFC 7807 4.2: the status says it all) with the status's
/// own title; what a program acts on is the stable <c>code</c> and, for bad input, the failing fields.
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

    /// <summary>A page of a list, the one list shape: <c>{ items, continuationToken }</c>.</summary>
    public static ContentResult Page<T>(Page<T> page) => Ok(page);

    /// <summary>
    /// An RFC 7807 problem with the API's <paramref name="code"/> (ErrorCodes) and a <paramref name="detail"/> for people;
    /// <paramref name="extensions"/> (an object) adds members such as <c>errors</c> or <c>reasons</c>.
    /// </summary>
    public static ContentResult Error(int status, string code, string detail, object? extensions = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = "about:blank",
            ["title"] = ReasonPhrases.GetReasonPhrase(status),
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

    public static ContentResult Invalid(IReadOnlyList<FieldError> errors) => Error(
        StatusCodes.Status400BadRequest,
        ErrorCodes.InvalidRequest,
        string.Join(" ", errors.Select(e => e.Message)),
        new { errors });

    public static ContentResult NotFound(string what) =>
        Error(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{what} was not found in this store.");
}
