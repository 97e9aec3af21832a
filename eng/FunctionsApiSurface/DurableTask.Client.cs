// Mirrors Microsoft.DurableTask.Client 1.x as pulled in by Microsoft.Azure.Functions.Worker.Extensions.DurableTask 1.16.4
// (the exact 1.x pin could not be read). Checked against microsoft/durabletask-dotnet: src/Client/Core/DurableTaskClient.cs,
//   OrchestrationRuntimeStatus.cs, OrchestrationMetadata.cs, OrchestrationQuery.cs
//   (namespace Microsoft.DurableTask.Client, confirmed by the learn.microsoft.com API reference).
// DurableTaskClient keeps every abstract member of the real type, so Moq mocks behave the same; virtual members forward
// exactly as the real ones do. Offline API surface: declares only what DropShip.Functions uses. See README.md beside this file.

using System.ComponentModel;

namespace Microsoft.DurableTask.Client;

/// <summary>
/// Base class for client operations on durable task instances. The real type also implements
/// Microsoft.DurableTask.Internal.IOrchestrationSubmitter and has further virtual members (Entities, Purge*, Restart,
/// Rewind, ListInstanceIds, StreamInstanceHistory, the (string, CancellationToken) overloads of WaitFor*/Suspend/Resume)
/// that are not declared here; every abstract member is.
/// </summary>
public abstract class DurableTaskClient : IAsyncDisposable
{
    protected DurableTaskClient(string name)
    {
        this.Name = name;
    }

    public string Name { get; }

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, CancellationToken cancellation)
        => this.ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, null, cancellation);

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input, CancellationToken cancellation)
        => this.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, null, cancellation);

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, StartOrchestrationOptions options, CancellationToken cancellation = default)
        => this.ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, options, cancellation);

    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default);

    public virtual Task RaiseEventAsync(
        string instanceId, string eventName, CancellationToken cancellation)
        => this.RaiseEventAsync(instanceId, eventName, null, cancellation);

    public abstract Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    public abstract Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public abstract Task SuspendInstanceAsync(
        string instanceId, string? reason = null, CancellationToken cancellation = default);

    public abstract Task ResumeInstanceAsync(
        string instanceId, string? reason = null, CancellationToken cancellation = default);

    public virtual Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, CancellationToken cancellation)
        => this.GetInstanceAsync(instanceId, false, cancellation);

    /// <summary>Null when no such instance exists. Real: forwards to the abstract (hidden) GetInstancesAsync.</summary>
    public virtual Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    /// <summary>The misnamed original (v1.0.0); abstract in the real type and hidden from the editor. Use GetInstanceAsync.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public abstract AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null);

    public abstract ValueTask DisposeAsync();
}

public enum OrchestrationRuntimeStatus
{
    Running,
    Completed,
    [Obsolete("The ContinuedAsNew status is obsolete and exists only for compatibility reasons.")]
    ContinuedAsNew,
    Failed,
    [Obsolete("The Canceled status is not currently used and exists only for compatibility reasons.")]
    Canceled,
    Terminated,
    Pending,
    Suspended,
}

/// <summary>Snapshot of an orchestration instance (FailureDetails, Tags, DataConverter and the Read*As methods not declared).</summary>
public sealed class OrchestrationMetadata
{
    public OrchestrationMetadata(string name, string instanceId)
    {
        this.Name = name;
        this.InstanceId = instanceId;
    }

    public string Name { get; }

    public string InstanceId { get; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    /// <summary>Running only: Pending and Suspended are not "running".</summary>
    public bool IsRunning => this.RuntimeStatus == OrchestrationRuntimeStatus.Running;

    public bool IsCompleted =>
        this.RuntimeStatus == OrchestrationRuntimeStatus.Completed ||
        this.RuntimeStatus == OrchestrationRuntimeStatus.Failed ||
        this.RuntimeStatus == OrchestrationRuntimeStatus.Terminated;
}

/// <summary>Declared because the abstract GetAllInstancesAsync takes it.</summary>
public record OrchestrationQuery(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null,
    IEnumerable<string>? TaskHubNames = null,
    string? InstanceIdPrefix = null,
    int PageSize = OrchestrationQuery.DefaultPageSize,
    bool FetchInputsAndOutputs = false,
    string? ContinuationToken = null)
{
    public const int DefaultPageSize = 100;
}
