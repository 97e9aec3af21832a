using System.Net;
using DropShip.Sandbox.Recording;
using DropShip.Sandbox.Scripting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DropShip.Sandbox;

/// <summary>The sandbox running in-process on 127.0.0.1 over real HTTP (Kestrel), for tests.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication application;

    private SandboxServer(WebApplication app, Uri baseAddress)
    {
        application = app;
        BaseAddress = baseAddress;
        Scripts = app.Services.GetRequiredService<SandboxScripts>();
        Requests = app.Services.GetRequiredService<RequestLog>();
        Delays = app.Services.GetRequiredService<ScriptedDelays>();
    }

    /// <summary>Root of the host, ending in '/'; distributors live under their prefixes, e.g. new Uri(BaseAddress, "wps/").</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The app settings that point every emulated distributor's production and test hosts at this sandbox:
    /// <c>Distributors:{key}:BaseUrl</c> and <c>TestBaseUrl</c>, the app's settings section of each distributor.
    /// </summary>
    public IReadOnlyDictionary<string, string?> DistributorSettings =>
        application.Services.GetServices<IDistributorEmulator>()
            .SelectMany(emulator => SandboxRoutes.Hosts(emulator).Select(host => (
                Setting: $"Distributors:{emulator.Distributor}:{(host.Environment == SandboxRoutes.Test ? "TestBaseUrl" : "BaseUrl")}",
                Url: BaseUrl(host.Prefix, emulator.BaseUrlIsOnePath))))
            .ToDictionary(s => s.Setting, s => (string?)s.Url);

    /// <summary>
    /// A prefix as a base URL: ending in '/', so relative paths resolve beneath it, unless the distributor's base URL is one
    /// endpoint (TRWS).
    /// </summary>
    private string BaseUrl(string prefix, bool onePath) => new Uri(BaseAddress, prefix.TrimStart('/') + (onePath ? "" : "/")).ToString();

    public SandboxScripts Scripts { get; }

    public RequestLog Requests { get; }

    /// <summary>The requests Slow and PlaceThenStall scripts hold; wait on it before moving a fake clock on.</summary>
    public ScriptedDelays Delays { get; }

    /// <param name="port">0 picks a free port.</param>
    /// <param name="clock">The clock of scripted delays, order dates and recorded arrival times (default: the system clock).
    /// Give the app under test the same one to move time on instead of waiting.</param>
    /// <param name="emulators">Distributors to emulate besides <see cref="SandboxEmulators.All"/> (the tests' test-only ones).</param>
    public static async Task<SandboxServer> StartAsync(int port = 0, TimeProvider? clock = null, IEnumerable<IDistributorEmulator>? emulators = null)
    {
        // In-process (tests): settings files are read once, never watched; each watcher takes one of the user's few inotify instances.
        var app = SandboxApp.Build(["--hostBuilder:reloadConfigOnChange=false"], builder =>
        {
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            foreach (var emulator in emulators ?? [])
            {
                builder.Services.AddSingleton(emulator);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await application.StopAsync();
        await application.DisposeAsync();
    }
}
