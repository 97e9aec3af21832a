namespace DropShip.Sandbox.Scripting;

/// <summary>
/// The waits of Slow and PlaceThenStall scripts, measured on the sandbox's clock. Standalone that is the system clock; a
/// test can give the sandbox and the app one FakeTimeProvider, wait until the sandbox holds a request
/// (<see cref="WhenHeldAsync"/>) and move time on, so a distributor that never answers costs no real time.
/// </summary>
public sealed class ScriptedDelays(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _held;

    /// <summary>How many requests a scripted delay has held since the sandbox started.</summary>
    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> requests in all have been held by a scripted delay.</summary>
    public Task WhenHeldAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_held >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Holds the request for <paramref name="delay"/>. False when the caller hung up first.</summary>
    internal async Task<bool> HoldAsync(TimeSpan delay, CancellationToken requestAborted)
    {
        // Start the timer before announcing the hold, so time moved on by whoever waits for it is never missed.
        var wait = Task.Delay(delay, clock, requestAborted);
        List<TaskCompletionSource> reached;
        lock (_gate)
        {
            _held++;
            reached = _waiters.Where(w => w.Count <= _held).Select(w => w.Reached).ToList();
            _waiters.RemoveAll(w => w.Count <= _held);
        }

        reached.ForEach(r => r.TrySetResult());
        try
        {
            await wait;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
