namespace DropShip.Sandbox.Recording;

/// <summary>
/// Records each distributor request first thing, before routing, so a request that a scripted delay later holds (or a caller cancels)
/// is already visible. The body is buffered so the endpoint can read it again. The sandbox's own /_sandbox routes are not recorded.
/// </summary>
internal sealed class RequestRecordingMiddleware(RequestDelegate next, RequestLog log, TimeProvider clock, IEnumerable<IDistributorEmulator> emulators)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(SandboxRoutes.Control, StringComparison.OrdinalIgnoreCase))
        {
            var receivedAt = clock.GetUtcNow();
            request.EnableBuffering();
            string body;
            using (var reader = new StreamReader(request.Body, leaveOpen: true))
            {
                body = await reader.ReadToEndAsync(context.RequestAborted);
            }

            request.Body.Position = 0;
            var (distributor, environment) = SandboxRoutes.Identify(request.Path, emulators);
            var headers = request.Headers.ToDictionary(
                header => header.Key,
                header => string.Join(", ", header.Value.ToArray()),
                StringComparer.OrdinalIgnoreCase);
            log.Add(new RecordedRequest(
                distributor,
                environment,
                request.Method,
                request.Path.Value ?? "",
                request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
                headers,
                body,
                receivedAt));
        }

        await next(context);
    }
}
