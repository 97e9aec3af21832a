using System.Reflection;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using DropShip.Core;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Budgets;
using DropShip.Core.Platform;
using DropShip.Functions;
using DropShip.Functions.Platform;
using DropShip.Sandbox;
using DropShip.Tests.Distributors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Moq;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// The app as Program.cs composes it (AddDropShipCore + AddDropShipFunctions), against Azurite and an in-process
/// distributor sandbox over real HTTP. Each instance has its own store id and sandbox, so tests never share state.
/// Logs are captured (FakeLogger) so tests can prove secrets never reach them. Only the Durable client is mocked.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly bool ownsSandbox;

    private TestApp(SandboxServer sandbox, bool ownsSandbox, ServiceProvider services, string storeId)
    {
        this.ownsSandbox = ownsSandbox;
        Sandbox = sandbox;
        Services = services;
        StoreId = storeId;
    }

    public SandboxServer Sandbox { get; }
    public ServiceProvider Services { get; }
    public string StoreId { get; }
    public Mock<DurableTaskClient> Durable { get; } = new("test");
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <param name="clock">One clock for the app and the sandbox (e.g. a FakeTimeProvider): distributor time limits and the
    /// sandbox's scripted delays then move only when the test moves it.</param>
    /// <param name="sandbox">A sandbox several apps share (instances of one deployment); the caller disposes it.</param>
    public static async Task<TestApp> StartAsync(Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null,
        TimeProvider? clock = null, SandboxServer? sandbox = null)
    {
        var ownsSandbox = sandbox is null;
        sandbox ??= await SandboxServer.StartAsync(clock: clock, emulators: TestDistributors.TestOnly.Select(d => d.Emulator));
        var values = new Dictionary<string, string?>(sandbox.DistributorSettings)
        {
            ["Storage:ConnectionString"] = await Azurite.ConnectionStringAsync(),
            // Each app dispatches only its own webhooks: the outbox is scanned across stores.
            ["Platform:OutboxTable"] = Azurite.UniqueName("outbox"),
            // Tests share credentials (the same sample token) and fake clocks: each app counts its own calls.
            ["Budgets:Table"] = Azurite.UniqueName("budgets"),
            // Answer problems are kept per distributor across stores: each app keeps its own.
            ["AnswerProblems:Table"] = Azurite.UniqueName("answers"),
            ["Secrets:LocalEncryptionKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef")),
            // Off unless a test turns it on (LiveStockTests, StockGuardTests): the other tests count the distributor calls of
            // ordering and tracking exactly, and a stock question before each order would only be noise to them.
            ["LiveStock:Enabled"] = "false",
        };
        settings?.Invoke(values);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddDropShipCore(configuration);
        foreach (var testOnly in TestDistributors.TestOnly) collection.AddDistributor(testOnly.Module, configuration);
        collection.AddDropShipFunctions(configuration);
        if (clock is not null) collection.AddSingleton(clock);
        // Each app its own delivery queue, which DeliverQueuedWebhooksAsync drains as the host's queue trigger would.
        var deliveryQueue = Azurite.UniqueName("deliveries");
        collection.Replace(ServiceDescriptor.Singleton(sp => new WebhookDeliveryQueue(
            sp.GetRequiredService<QueueServiceClient>().GetQueueClient(deliveryQueue), sp.GetRequiredService<ILogger<WebhookDeliveryQueue>>())));
        // Function classes are created by the Functions host per invocation; here the container builds them the same way.
        foreach (var type in typeof(FunctionsRegistration).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null)))
            collection.AddSingleton(type);
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return new TestApp(sandbox, ownsSandbox, provider, "store-" + Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>
    /// The shared budget on <paramref name="clock"/> instead of real seconds (its own clock, <see cref="CallBudget.ClockKey"/>):
    /// for tests that move its windows. Such a test must not wait for a window on a clock that stands still: RateLimitQueue 0.
    /// </summary>
    public static Action<IServiceCollection> BudgetOn(TimeProvider clock) => services => services.AddKeyedSingleton(CallBudget.ClockKey, clock);

    /// <summary>
    /// What the Functions host does with the webhook delivery queue, made deterministic: every message queued so far is
    /// handed to the queue-triggered function (DeliverWebhook) and deleted, as the host deletes a message its function
    /// finished. Returns how many messages there were.
    /// </summary>
    public async Task<int> DeliverQueuedWebhooksAsync()
    {
        var queue = Get<QueueServiceClient>().GetQueueClient(Get<WebhookDeliveryQueue>().QueueName);
        await queue.CreateIfNotExistsAsync();
        var function = Get<DeliverWebhooksFunction>();
        var handled = 0;
        while ((await queue.ReceiveMessagesAsync(maxMessages: 32)).Value is { Length: > 0 } messages)
            foreach (var message in messages)
            {
                await function.DeliverWebhook(message.Body.ToObjectFromJson<WebhookDue>(DropShipJson.Options)!, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        return handled;
    }

    /// <summary>
    /// The one way tests connect a store (default this app's) to a distributor: through the real service, secrets encrypted
    /// in Azurite, with the credentials its profile asks for (<see cref="DistributorKit.Credentials"/>: every secret one the
    /// sandbox accepts, or refuses when <paramref name="invalid"/>); <paramref name="credentials"/> replaces any of them.
    /// Returns the adapter and the account as the app reads it back.
    /// </summary>
    public async Task<ConnectedDistributor> ConnectAsync(string distributor, bool testMode = false, string? storeId = null, bool invalid = false,
        Dictionary<string, string?>? credentials = null, ConnectionDefaultsInput? defaults = null)
    {
        var store = storeId ?? StoreId;
        var adapter = Get<DistributorRegistry>().Find(distributor) ?? throw new ArgumentOutOfRangeException(nameof(distributor), distributor, "Not a distributor of this app.");
        var given = DistributorKit.Credentials(distributor, invalid);
        foreach (var (field, value) in credentials ?? []) given[field] = value;
        var result = await Get<DistributorConnections>().SaveAsync(store, adapter, new ConnectionInput { Credentials = given, TestMode = testMode, Defaults = defaults }, CancellationToken.None);
        Assert.IsType<SaveConnectionResult.Saved>(result);
        return new ConnectedDistributor(adapter, (await Get<DistributorConnections>().GetAccountAsync(store, adapter, CancellationToken.None))!);
    }

    public ValueTask DisposeAsync()
    {
        Services.Dispose();
        return ownsSandbox ? Sandbox.DisposeAsync() : ValueTask.CompletedTask;
    }
}

/// <summary>A store's connection to a distributor as a test made it (TestApp.ConnectAsync): the adapter and the account.</summary>
public sealed record ConnectedDistributor(IDistributor Adapter, DistributorAccount Account);

/// <summary>HTTP requests and responses as the Functions ASP.NET Core integration hands them to a function.</summary>
public static class Http
{
    public static HttpRequest Request(string method, object? body = null, string? query = null, string? rawBody = null, string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        var bytes = rawBody is not null ? Encoding.UTF8.GetBytes(rawBody)
            : body is not null ? JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), DropShipJson.Options)
            : [];
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        if (bytes.Length > 0) context.Request.ContentType = contentType;
        if (query is not null) context.Request.QueryString = new QueryString(query.StartsWith('?') ? query : "?" + query);
        return context.Request;
    }

    public static (int Status, JsonElement Body, string Raw, string? ContentType) Read(IActionResult result) => result switch
    {
        ContentResult content => (content.StatusCode ?? 200, JsonDocument.Parse(content.Content ?? "null").RootElement.Clone(), content.Content ?? "", content.ContentType),
        NoContentResult => (204, default, "", null),
        _ => throw new InvalidOperationException($"Unexpected result {result.GetType().Name}"),
    };
}
