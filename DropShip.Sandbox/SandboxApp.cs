using System.Text.Json;
using System.Text.Json.Serialization;
using DropShip.Sandbox.Recording;
using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox;

/// <summary>
/// The one way the sandbox app is built, used by Program.cs (standalone) and <see cref="SandboxServer"/> (in-process): every
/// emulator of <see cref="SandboxEmulators.All"/>, and any other a caller registers as an <see cref="IDistributorEmulator"/>
/// (the tests' test-only distributors), each mapped at its hosts' prefixes.
/// </summary>
public static class SandboxApp
{
    private static readonly JsonSerializerOptions ControlJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // Request bodies are shown as sent, not with every quote escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SandboxApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSingleton<SandboxScripts>();
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ScriptedDelays>();
        foreach (var emulator in SandboxEmulators.All)
        {
            builder.Services.AddSingleton(emulator);
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<RequestRecordingMiddleware>();

        var context = new SandboxContext(
            app.Services.GetRequiredService<SandboxScripts>(),
            app.Services.GetRequiredService<TimeProvider>(),
            app.Services.GetRequiredService<ScriptedDelays>());
        foreach (var emulator in app.Services.GetServices<IDistributorEmulator>())
        {
            foreach (var (prefix, _) in SandboxRoutes.Hosts(emulator))
            {
                emulator.Map(app, prefix, context);
            }
        }

        MapControlRoutes(app);
        return app;
    }

    /// <summary>For developers running the sandbox standalone: inspect requests and script parts over HTTP.</summary>
    private static void MapControlRoutes(WebApplication app)
    {
        var control = app.MapGroup(SandboxRoutes.Control);
        control.MapGet("/requests", (RequestLog log) => Results.Json(log.All, ControlJson));
        control.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });
        control.MapGet("/scripts", (SandboxScripts scripts) => Results.Json(scripts.All, ControlJson));
        control.MapPut("/scripts/{partNumber}", async (HttpContext context, string partNumber, SandboxScripts scripts) =>
        {
            PartScript? script;
            try
            {
                script = await JsonSerializer.DeserializeAsync<PartScript>(context.Request.Body, ControlJson, context.RequestAborted);
            }
            catch (JsonException exception)
            {
                return Results.BadRequest(new { error = exception.Message });
            }

            if (script is null)
            {
                return Results.BadRequest(new { error = "Send a PartScript as JSON." });
            }

            try
            {
                scripts.Set(partNumber, script);
            }
            catch (ArgumentException exception)
            {
                return Results.BadRequest(new { error = exception.Message });
            }

            return Results.Json(script, ControlJson);
        });
        control.MapGet("/variants", (SandboxScripts scripts) => Results.Json(scripts.Variants, ControlJson));
        control.MapPut("/variants", async (HttpContext context, SandboxScripts scripts) =>
        {
            try
            {
                scripts.Variants = await JsonSerializer.DeserializeAsync<ApiVariants>(context.Request.Body, ControlJson, context.RequestAborted)
                    ?? throw new ArgumentException("Send ApiVariants as JSON.");
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException)
            {
                return Results.BadRequest(new { error = exception.Message });
            }

            return Results.Json(scripts.Variants, ControlJson);
        });
        control.MapDelete("/scripts", (SandboxScripts scripts) =>
        {
            scripts.Reset();
            return Results.NoContent();
        });
    }
}
