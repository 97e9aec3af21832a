using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// The one way tests build an in-process web server (webhook receiver, price-file server, stub distributors, the Durable
/// sidecar): slim, no log providers, on 127.0.0.1 port 0, which Kestrel binds and holds itself (never a port picked before
/// it is bound), and without watching configuration files: each watcher takes one of the user's inotify instances (128 by
/// default on Linux), which the many hosts of a parallel run exhausted.
/// </summary>
public static class LoopbackWebApp
{
    /// <summary>Host settings every test server takes: appsettings files are read once, never watched.</summary>
    public static readonly string[] Args = ["--hostBuilder:reloadConfigOnChange=false"];

    public static WebApplicationBuilder CreateBuilder(HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Args });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        builder.Logging.ClearProviders();
        return builder;
    }
}
