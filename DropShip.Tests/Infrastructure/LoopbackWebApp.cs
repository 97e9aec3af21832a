using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// The one way tests build an in-process web server (webhook receiver, price-file server, stub distributors, the Durable
/// sidecar): slim, no log providers, on 127.0.0.1 port 0, which Kestrel binds and holds itself (never a port picked before
/// it is bound). No host this process builds watches configuration files (<see cref="ReadConfigurationFilesOnce"/>): each
/// watcher takes one of the user's inotify instances (128 by default on Linux), which the many hosts of a parallel run
/// exhausted.
/// </summary>
public static class LoopbackWebApp
{
    /// <summary>
    /// Set for the whole process before any host is built, because not every builder takes it from its arguments (the
    /// Functions builder adds its appsettings files before it reads them): these servers, the Functions compositions some
    /// tests build and the benchmarks' hosts alike read their appsettings files once.
    /// </summary>
#pragma warning disable CA2255 // a module initializer in a test assembly, on purpose: it must precede every host
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ReadConfigurationFilesOnce() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

    public static WebApplicationBuilder CreateBuilder(HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        builder.Logging.ClearProviders();
        return builder;
    }
}
