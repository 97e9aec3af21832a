using System.Text;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DropShip.Tests.Feeds.Servers;

/// <summary>Parts Unlimited's price-file endpoint in-process on 127.0.0.1:0: POST with Basic auth answers a ZIP.</summary>
public sealed class PriceFileHttpServer : IAsyncDisposable
{
    public const string Path = "/api/quotes/v2/pricefile";
    public const string User = "D12345/dealer";
    public const string Password = "pu-pass:with-colon";
    private readonly WebApplication app;
    private int calls;
    private int unauthorized;

    public byte[] Zip { get; set; } = [];
    public int Calls => calls;
    public int Unauthorized => unauthorized;
    public int Port { get; private set; }

    private PriceFileHttpServer(WebApplication app) => this.app = app;

    public static async Task<PriceFileHttpServer> StartAsync()
    {
        var builder = LoopbackWebApp.CreateBuilder();
        var app = builder.Build();
        var server = new PriceFileHttpServer(app);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        app.MapPost(Path, (HttpRequest request) =>
        {
            if (request.Headers.Authorization.ToString() != expected)
            {
                Interlocked.Increment(ref server.unauthorized);
                return Results.Unauthorized();
            }
            Interlocked.Increment(ref server.calls);
            return Results.File(server.Zip, "application/zip", "pricefile.zip");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
