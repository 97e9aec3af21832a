using System.Reflection;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DropShip.Core;
using DropShip.Functions;
using DropShip.Sandbox;
using DropShip.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DropShip.Benchmarks;

/// <summary>
/// The app as Program.cs composes it, for the in-process benchmarks: Azurite, the distributor sandbox on loopback, and
/// every storage request (tables, blobs, queues) through one counter.
/// </summary>
public static class BenchmarkApp
{
    public static ServiceProvider Compose(string connection, SandboxServer sandbox, StorageRequests counter, Action<Dictionary<string, string?>>? settings = null) =>
        Compose(connection, sandbox, counter, counter, counter, settings);

    /// <summary>With a counter per service (tables, blobs, queues), for the cost scenario.</summary>
    public static ServiceProvider Compose(string connection, SandboxServer sandbox, StorageRequests tables, StorageRequests blobs, StorageRequests queues,
        Action<Dictionary<string, string?>>? settings = null)
    {
        var values = new Dictionary<string, string?>(sandbox.DistributorSettings)
        {
            ["Storage:ConnectionString"] = connection,
            ["Secrets:LocalEncryptionKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef")),
        };
        settings?.Invoke(values);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDropShipCore(configuration);
        services.AddDropShipFunctions(configuration);
        // Every storage request of the app goes through the counter.
        services.Replace(ServiceDescriptor.Singleton(new TableServiceClient(connection, tables.Attach(new TableClientOptions()))));
        services.Replace(ServiceDescriptor.Singleton(new BlobServiceClient(connection, blobs.Attach(new BlobClientOptions()))));
        services.Replace(ServiceDescriptor.Singleton(new QueueServiceClient(connection, queues.Attach(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }))));
        // Function classes as the host creates them: from the container.
        foreach (var type in typeof(FunctionsRegistration).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null)))
            services.AddSingleton(type);
        return services.BuildServiceProvider();
    }

    /// <summary>A request as the Functions ASP.NET Core integration hands it to a function.</summary>
    public static HttpRequest Request(string method, byte[]? body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body, writable: false);
            context.Request.ContentLength = body.Length;
            context.Request.ContentType = "application/json";
        }
        return context.Request;
    }
}
