using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DropShip.Benchmarks;

/// <summary>
/// The Durable client the app is handed, reduced to what the benchmarks measure: every call to the engine is counted,
/// a status question answers as <see cref="Answer"/> says, and a start succeeds at once (the engine's own cost is not
/// what these scenarios time; the cost scenario accounts for it separately).
/// </summary>
public sealed class CountingDurableClient() : DurableTaskClient("benchmark")
{
    private long statusQuestions;
    private long starts;

    /// <summary>What a status question finds: a running monitor (nothing to heal) or none.</summary>
    public OrchestrationRuntimeStatus? Answer { get; set; }

    public long StatusQuestions => Interlocked.Read(ref statusQuestions);
    public long Starts => Interlocked.Read(ref starts);
    public long Total => StatusQuestions + Starts;

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref statusQuestions);
        return Task.FromResult(Answer is { } status ? new OrchestrationMetadata("TrackPurchaseOrder", instanceId) { RuntimeStatus = status } : null);
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref starts);
        return Task.FromResult(options?.InstanceId ?? Guid.NewGuid().ToString("N"));
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw Unused();
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Unused();
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Unused();
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Unused();
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Unused();
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw Unused();
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static NotSupportedException Unused() => new("Not used by the benchmarks.");
}
