using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.OpenApi;

/// <summary>
/// Serves the hand-written OpenAPI 3 document of the HTTP API (OpenApi/openapi.json, embedded in the assembly). It needs
/// no key, so the platform's engineers and their tools can read it. DropShip.Tests/Deployment/OpenApiDocumentTests keeps
/// it in step with the [HttpTrigger] routes.
/// </summary>
public sealed class OpenApiFunction
{
    public const string ResourceName = "DropShip.Functions.OpenApi.openapi.json";

    private static readonly Lazy<string> Document = new(Load);

    [Function(nameof(GetOpenApiDocument))]
    public IActionResult GetOpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) => new ContentResult
    {
        StatusCode = StatusCodes.Status200OK,
        ContentType = "application/json; charset=utf-8",
        Content = Document.Value,
    };

    /// <summary>The document as embedded at build time.</summary>
    public static string Load()
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing (DropShip.Functions.csproj embeds OpenApi/openapi.json).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
