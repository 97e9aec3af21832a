using System.Net;
using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using DropShip.Tests.Infrastructure;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Tracking;

/// <summary>
/// The real Durable engine in-process (DurableTaskTestHost: the Durable Task worker and client over gRPC against an
/// in-memory backend) running the real TrackPurchaseOrder and the real TrackingActivities, whose Core services are the
/// app's (<see cref="TestApp"/>: Azurite and the distributor sandbox over HTTP). Time is virtual (<see cref="EngineClock"/>):
/// the orchestrator, the app and the sandbox share one fake clock, which moves only when the test moves it.
/// </summary>
public sealed class TrackingEngine : IAsyncDisposable
{
    private TrackingEngine(TestApp app, DurableTaskTestHost host, EngineClock time)
    {
        App = app;
        Host = host;
        Time = time;
    }

    public TestApp App { get; }
    public DurableTaskTestHost Host { get; }
    public DurableTaskClient Client => Host.Client;

    /// <summary>The one clock of the orchestrator, the app and the sandbox.</summary>
    public EngineClock Time { get; }

    public FakeTimeProvider Clock => Time.Clock;

    /// <summary>
    /// How many times the engine ran the orchestrator (each run replays the execution's history so far), per instance
    /// and execution (its input's Checks count): a measure of how long each execution's history grew.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string InstanceId, int Checks), int> Episodes { get; private init; } = new();

    /// <summary>The tracking settings tests start from (virtual time): every wait a second, the deadline a minute.</summary>
    public static void Seconds(Dictionary<string, string?> s)
    {
        // Pacing is the resilience tests' subject: a limiter waiting on a clock nobody moves would stall a check.
        foreach (var distributor in TestDistributors.Modules) s[$"{distributor.Section}:PermitsPerSecond"] = "0";
        s["Tracking:FirstCheckAfter"] = "00:00:01";
        s["Tracking:Interval"] = "00:00:01";
        s["Tracking:FirstErrorBackoff"] = "00:00:01";
        s["Tracking:MaxErrorBackoff"] = "00:00:01";
        s["Tracking:RateLimitWait"] = "00:00:01";
        s["Tracking:ReconcileInterval"] = "00:00:01";
        s["Tracking:AbsenceProofSpan"] = "00:00:02";
        s["Tracking:DeadlineDays"] = Days(TimeSpan.FromMinutes(1));
        s["Tracking:IndexTable"] = Azurite.UniqueName("tracked");
    }

    public static string Days(TimeSpan span) => (span.TotalSeconds / 86400).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<TrackingEngine> StartAsync(Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null)
    {
        var time = new EngineClock();
        var app = await TestApp.StartAsync(s => { Seconds(s); settings?.Invoke(s); }, services, clock: time.Clock);
        var episodes = new System.Collections.Concurrent.ConcurrentDictionary<(string InstanceId, int Checks), int>();
        var activities = app.Get<TrackingActivities>();
        var host = await StartHostAsync(tasks =>
        {
            // Registered with its input type: the host then hands GetInput<TrackingState> the deserialized state.
            tasks.AddOrchestratorFunc<TrackingState>(nameof(TrackPurchaseOrder), (context, state) =>
            {
                episodes.AddOrUpdate((context.InstanceId, state!.Checks), 1, (_, n) => n + 1);
                return TrackPurchaseOrder.Run(time.Wrap(context));
            });
            tasks.AddActivityFunc<CheckShipmentInput, CheckResult>(nameof(TrackingActivities.CheckShipment), (_, input) => activities.CheckShipment(input, CancellationToken.None));
            tasks.AddActivityFunc<NotifyShipmentInput>(nameof(TrackingActivities.NotifyShipment), (_, input) => activities.NotifyShipment(input, CancellationToken.None));
            tasks.AddActivityFunc<AskDealerToConfirmInput>(nameof(TrackingActivities.AskDealerToConfirm), (_, input) => activities.AskDealerToConfirm(input, CancellationToken.None));
            tasks.AddActivityFunc<ReleaseNeverPlacedInput>(nameof(TrackingActivities.ReleaseNeverPlaced), (_, input) => activities.ReleaseNeverPlaced(input, CancellationToken.None));
            tasks.AddActivityFunc<StopTrackingInput>(nameof(TrackingActivities.StopTracking), (_, input) => activities.StopTracking(input, CancellationToken.None));
            tasks.AddActivityFunc<AttentionInput>(nameof(TrackingActivities.RaiseAttention), (_, input) => activities.RaiseAttention(input, CancellationToken.None));
            tasks.AddActivityFunc<AttentionInput>(nameof(TrackingActivities.ClearAttention), (_, input) => activities.ClearAttention(input, CancellationToken.None));
        });
        time.Attach(host.Client);
        return new TrackingEngine(app, host, time) { Episodes = episodes };
    }

    /// <summary>
    /// DurableTaskTestHost.StartAsync as the package builds it, but on a port Kestrel binds itself (port 0) and holds
    /// (LoopbackWebApp): the package picks a random port in 30000-40000 and binds it later, which collided ("address already
    /// in use") with the ephemeral ports of the other tests' sockets and servers.
    /// </summary>
    private static async Task<DurableTaskTestHost> StartHostAsync(Action<DurableTaskRegistry> registry)
    {
        var backend = new InMemoryOrchestrationService();
        var builder = LoopbackWebApp.CreateBuilder(HttpProtocols.Http2);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(backend);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(backend);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync();
        var address = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var channel = GrpcChannel.ForAddress(address);

        // No defaults: no configuration files (nor their watchers), no log providers.
        var workerBuilder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        workerBuilder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(registry);
        });
        workerBuilder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
        });
        var worker = workerBuilder.Build();
        await worker.StartAsync();
        return new DurableTaskTestHost(sidecar, worker, channel, worker.Services.GetRequiredService<DurableTaskClient>());
    }

    public string InstanceId(string poNumber) => TrackingInstance.IdFor(App.StoreId, poNumber);

    /// <summary>
    /// Runs the PO's monitor to its end on virtual time (each time it waits on a timer, the clock jumps there) and checks
    /// it completed. <paramref name="within"/> is real time and only turns a broken test into a failure instead of a hang.
    /// </summary>
    public async Task<OrchestrationMetadata> CompletionAsync(string poNumber, TimeSpan? within = null)
    {
        await Time.RunUntilCompletedAsync([InstanceId(poNumber)], within ?? TimeSpan.FromSeconds(60));
        return await CompletedAsync(poNumber);
    }

    /// <summary>Runs several monitors to their ends together on virtual time: the clock jumps only when all of them wait.</summary>
    public async Task CompletionAsync(params string[] poNumbers)
    {
        await Time.RunUntilCompletedAsync([.. poNumbers.Select(InstanceId)], TimeSpan.FromSeconds(60));
        foreach (var po in poNumbers) await CompletedAsync(po);
    }

    /// <summary>
    /// "Check now" for a monitor waiting on its timer: raises the event once it waits, and returns once that wait has ended
    /// (the event won; the clock has not moved), so a run started afterwards cannot fire the timer the event replaced.
    /// </summary>
    public async Task CheckNowAsync(string poNumber)
    {
        var id = InstanceId(poNumber);
        await Time.WhenWaitingAsync(id);
        var waiting = Time.TimersOf(id);
        await Client.RaiseEventAsync(id, TrackingInstance.CheckNowEvent);
        await Time.WhenDoneAsync(waiting);
    }

    /// <summary>Waits for the PO's monitor to end without moving the clock: whatever ends it is not a timer.</summary>
    public async Task<OrchestrationMetadata> CompletionWithoutTimeAsync(string poNumber)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Client.WaitForInstanceCompletionAsync(InstanceId(poNumber), getInputsAndOutputs: false, limit.Token);
        return await CompletedAsync(poNumber);
    }

    private async Task<OrchestrationMetadata> CompletedAsync(string poNumber)
    {
        var done = (await Client.GetInstanceAsync(InstanceId(poNumber), getInputsAndOutputs: true))!;
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"monitor ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await App.DisposeAsync();
    }
}
