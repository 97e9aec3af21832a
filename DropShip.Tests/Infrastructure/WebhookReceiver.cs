using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// The platform's webhook endpoint, on loopback over real HTTP: records every delivery, can be down for a while, and can
/// be slow for as long as a test wants (<see cref="Hold"/> until <see cref="Release"/>), without any sleep.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int failuresLeft;
    private int arrived;
    private TaskCompletionSource? hold;
    private readonly TaskCompletionSource firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Every request received, including the ones answered 503.</summary>
    public ConcurrentQueue<Delivery> Received { get; } = new();

    public IEnumerable<Delivery> Accepted => Received.Where(d => d.Status == 200);

    /// <summary>Requests that reached the endpoint, answered or not yet.</summary>
    public int Arrived => Volatile.Read(ref arrived);

    /// <summary>From now on every request waits for <see cref="Release"/> before it is answered (a slow platform).</summary>
    public void Hold() => Volatile.Write(ref hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Volatile.Read(ref hold)?.TrySetResult();

    /// <summary>Completes when the first request is being held.</summary>
    public Task FirstHeld => firstHeld.Task;

    /// <summary>The next <paramref name="count"/> deliveries get 503 (the platform is down).</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = LoopbackWebApp.CreateBuilder();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/webhooks", async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver!.arrived);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (Volatile.Read(ref receiver.hold) is { } held)
            {
                receiver.firstHeld.TrySetResult();
                await held.Task;
            }
            var status = Interlocked.Decrement(ref receiver.failuresLeft) >= 0 ? 503 : 200;
            receiver.Received.Enqueue(new Delivery(
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, status));
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address.TrimEnd('/') + "/webhooks"));
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    public sealed record Delivery(IReadOnlyDictionary<string, string> Headers, string Body, int Status);
}
