using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using DropShip.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Tracking;

/// <summary>
/// The real Durable engine in-process (DurableTaskTestHost: the Durable Task worker and client over gRPC against an
/// in-memory backend) running the real TrackPurchaseOrder and the real TrackingActivities, whose Core services are the
/// app's (<see cref="TestApp"/>: Azurite and the distributor sandbox over HTTP). Durable timers run on the wall clock,
/// so tests use a tracking policy in seconds.
/// </summary>
public sealed class TrackingEngine : IAsyncDisposable
{
    private TrackingEngine(TestApp app, DurableTaskTestHost host)
    {
        App = app;
        Host = host;
    }

    public TestApp App { get; }
    public DurableTaskTestHost Host { get; }
    public DurableTaskClient Client => Host.Client;

    /// <summary>
    /// How many times the engine ran the orchestrator (each run replays the execution's history so far), per instance
    /// and execution (its input's Checks count): a measure of how long each execution's history grew.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string InstanceId, int Checks), int> Episodes { get; private init; } = new();

    /// <summary>The tracking settings tests start from: every wait a second, the deadline a minute.</summary>
    public static void Seconds(Dictionary<string, string?> s)
    {
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
        var app = await TestApp.StartAsync(s => { Seconds(s); settings?.Invoke(s); }, services);
        var episodes = new System.Collections.Concurrent.ConcurrentDictionary<(string InstanceId, int Checks), int>();
        var activities = app.Get<TrackingActivities>();
        var host = await DurableTaskTestHost.StartAsync(tasks =>
        {
            // Registered with its input type: the host then hands GetInput<TrackingState> the deserialized state.
            tasks.AddOrchestratorFunc<TrackingState>(nameof(TrackPurchaseOrder), (context, state) =>
            {
                episodes.AddOrUpdate((context.InstanceId, state!.Checks), 1, (_, n) => n + 1);
                return TrackPurchaseOrder.Run(context);
            });
            tasks.AddActivityFunc<CheckShipmentInput, CheckResult>(nameof(TrackingActivities.CheckShipment), (_, input) => activities.CheckShipment(input, CancellationToken.None));
            tasks.AddActivityFunc<NotifyShipmentInput>(nameof(TrackingActivities.NotifyShipment), (_, input) => activities.NotifyShipment(input, CancellationToken.None));
            tasks.AddActivityFunc<AskDealerToConfirmInput>(nameof(TrackingActivities.AskDealerToConfirm), (_, input) => activities.AskDealerToConfirm(input, CancellationToken.None));
            tasks.AddActivityFunc<ReleaseNeverPlacedInput>(nameof(TrackingActivities.ReleaseNeverPlaced), (_, input) => activities.ReleaseNeverPlaced(input, CancellationToken.None));
            tasks.AddActivityFunc<StopTrackingInput>(nameof(TrackingActivities.StopTracking), (_, input) => activities.StopTracking(input, CancellationToken.None));
            tasks.AddActivityFunc<AttentionInput>(nameof(TrackingActivities.RaiseAttention), (_, input) => activities.RaiseAttention(input, CancellationToken.None));
            tasks.AddActivityFunc<AttentionInput>(nameof(TrackingActivities.ClearAttention), (_, input) => activities.ClearAttention(input, CancellationToken.None));
        });
        return new TrackingEngine(app, host) { Episodes = episodes };
    }

    public string InstanceId(string poNumber) => TrackingInstance.IdFor(App.StoreId, poNumber);

    /// <summary>Waits for the PO's monitor to finish; fails the test instead of hanging.</summary>
    public async Task<OrchestrationMetadata> CompletionAsync(string poNumber, TimeSpan? within = null)
    {
        using var limit = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(60));
        var done = await Client.WaitForInstanceCompletionAsync(InstanceId(poNumber), getInputsAndOutputs: true, limit.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"monitor ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await App.DisposeAsync();
    }
}
