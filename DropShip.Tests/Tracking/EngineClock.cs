using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Tracking;

/// <summary>
/// Virtual time for the monitor on the real Durable engine. DurableTaskTestHost's in-memory backend fires durable timers on
/// the wall clock and stamps each episode with the wall-clock time; it has no clock to replace, so a deadline or a backoff
/// in a test raced the machine's load. Here the orchestrator sees <see cref="Clock"/>, which is also the app's and the
/// sandbox's clock:
/// <list type="bullet">
/// <item>CurrentUtcDateTime is the clock's time when the engine first ran that episode, kept per episode (keyed by the
/// engine's own stamp of it), so every replay sees the same value and the orchestrator stays deterministic;</item>
/// <item>a durable timer is an external event with a replay-stable name (NewGuid), raised when the clock reaches the
/// timer's time: the engine still records each wait and wake in the history.</item>
/// </list>
/// Time moves only when the test moves it: <see cref="AdvanceAsync"/> by a span, or <see cref="RunUntilCompletedAsync"/>,
/// which jumps to the next timer whenever every monitor it waits for is waiting on one. A run is then a sequence of discrete
/// events: how many checks happen before a deadline is exact, however loaded the machine.
/// </summary>
public sealed class EngineClock
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<(string InstanceId, DateTime Episode), DateTime> episodes = new();
    private readonly Dictionary<string, PendingTimer> pending = [];
    private readonly HashSet<string> finished = [];
    private TaskCompletionSource changed = NewSignal();
    private DurableTaskClient? client;

    /// <summary>Starts at today's time to the whole second, so every time a test compares survives storage exactly.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    internal void Attach(DurableTaskClient engineClient) => client = engineClient;

    /// <summary>The orchestrator's context as the test engine hands it over, with this clock.</summary>
    public TaskOrchestrationContext Wrap(TaskOrchestrationContext context) => new VirtualTimeContext(context, this);

    /// <summary>Moves the clock on by <paramref name="span"/> and fires every timer due by then.</summary>
    public Task AdvanceAsync(TimeSpan span)
    {
        Clock.Advance(span);
        return FireDueAsync();
    }

    /// <summary>
    /// Runs the monitors until each has completed: whenever every one still running waits on a timer (nothing else can
    /// happen), the clock jumps to the earliest and fires it. <paramref name="within"/> is real time and only turns a broken
    /// test into a failure instead of a hang; nothing waits on it.
    /// </summary>
    public async Task RunUntilCompletedAsync(IReadOnlyList<string> instanceIds, TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        var engine = client ?? throw new InvalidOperationException("The engine's client is not attached.");
        var completions = instanceIds.ToDictionary(id => id, id => engine.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, limit.Token));
        while (true)
        {
            Task signal;
            DateTime? next = null;
            lock (gate)
            {
                signal = changed.Task;
                var running = completions.Where(c => !c.Value.IsCompleted).Select(c => c.Key).ToHashSet();
                if (running.Count == 0) return;
                var waiting = pending.Values.Where(t => running.Contains(t.InstanceId)).ToList();
                if (running.All(id => waiting.Any(t => t.InstanceId == id))) next = waiting.Min(t => t.FireAt);
            }

            if (next is { } at)
            {
                if (at > UtcNow) Clock.Advance(at - UtcNow);
                await FireDueAsync();
                continue;
            }

            await Task.WhenAny(completions.Values.Where(c => !c.IsCompleted).Append(signal)).WaitAsync(limit.Token);
        }
    }

    /// <summary>Completes once the monitor <paramref name="instanceId"/> waits on a timer.</summary>
    public Task WhenWaitingAsync(string instanceId) => WhenAsync(() => pending.Values.Any(t => t.InstanceId == instanceId));

    /// <summary>The names of the timers <paramref name="instanceId"/> waits on now.</summary>
    public IReadOnlyList<string> TimersOf(string instanceId)
    {
        lock (gate)
        {
            return [.. pending.Where(p => p.Value.InstanceId == instanceId).Select(p => p.Key)];
        }
    }

    /// <summary>Completes once each of <paramref name="timers"/> has fired or been cancelled.</summary>
    public Task WhenDoneAsync(IReadOnlyList<string> timers) => WhenAsync(() => timers.All(finished.Contains));

    /// <summary>Waits, on the changes of the timers (no polling), until <paramref name="condition"/> holds; called under no lock.</summary>
    private async Task WhenAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (condition()) return;
                signal = changed.Task;
            }

            await signal.WaitAsync(limit.Token);
        }
    }

    internal DateTime Now(TaskOrchestrationContext inner) =>
        episodes.GetOrAdd((inner.InstanceId, inner.CurrentUtcDateTime), _ => UtcNow);

    internal async Task TimerAsync(TaskOrchestrationContext inner, DateTime fireAt, CancellationToken cancellationToken)
    {
        if (fireAt <= Now(inner))
        {
            // Already due, as the engine fires a timer set in the past: at once.
            await inner.CreateTimer(inner.CurrentUtcDateTime, cancellationToken);
            return;
        }

        var name = "virtual-timer-" + inner.NewGuid().ToString("N");
        var fired = inner.WaitForExternalEvent<DateTime>(name, cancellationToken);
        lock (gate)
        {
            // A replay meets its timers again: one that has fired or been cancelled stays done.
            if (!finished.Contains(name) && pending.TryAdd(name, new PendingTimer(inner.InstanceId, fireAt))) Pulse();
        }

        using (cancellationToken.Register(() => Finish(name)))
            await fired;
    }

    private async Task FireDueAsync()
    {
        var now = UtcNow;
        List<(string Name, string InstanceId)> due;
        lock (gate)
        {
            due = [.. pending.Where(p => p.Value.FireAt <= now).OrderBy(p => p.Value.FireAt).Select(p => (p.Key, p.Value.InstanceId))];
            foreach (var (name, _) in due)
            {
                pending.Remove(name);
                finished.Add(name);
            }

            Pulse();
        }

        foreach (var (name, instanceId) in due) await client!.RaiseEventAsync(instanceId, name, now);
    }

    private void Finish(string name)
    {
        lock (gate)
        {
            pending.Remove(name);
            finished.Add(name);
            Pulse();
        }
    }

    private void Pulse()
    {
        changed.TrySetResult();
        changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record PendingTimer(string InstanceId, DateTime FireAt);

    /// <summary>The engine's context with the clock's time and timers; everything else is the engine's own.</summary>
    private sealed class VirtualTimeContext(TaskOrchestrationContext inner, EngineClock time) : TaskOrchestrationContext
    {
        public override TaskName Name => inner.Name;

        public override string InstanceId => inner.InstanceId;

        public override ParentOrchestrationInstance? Parent => inner.Parent;

        public override DateTime CurrentUtcDateTime => time.Now(inner);

        public override bool IsReplaying => inner.IsReplaying;

        public override string Version => inner.Version;

        public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

        public override TaskOrchestrationEntityFeature Entities => inner.Entities;

        protected override ILoggerFactory LoggerFactory => inner.ReplaySafeLoggerFactory;

        public override T? GetInput<T>() where T : default => inner.GetInput<T>();

        public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
            inner.CallActivityAsync<TResult>(name, input, options);

        public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => time.TimerAsync(inner, fireAt, cancellationToken);

        public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
            inner.WaitForExternalEvent<T>(eventName, cancellationToken);

        public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

        public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

        public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
            inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

        public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

        public override Guid NewGuid() => inner.NewGuid();
    }
}
