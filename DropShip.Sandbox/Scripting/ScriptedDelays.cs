namespace DropShip.Sandbox.Scripting;

/// <summary>
/// The waits of Slow and PlaceThenStall scripts, measured on the sandbox's clock. Standalone that is the system clock; a
/// test can give the sandbox and the app one FakeTimeProvider, wait until the sandbox holds a request
/// (<see cref="WhenHeldAsync"/>) and move time on, so a distributor that never answers costs no real time.
/// </summary>
public sealed class ScriptedDelays(TimeProvider clock)
{
    private readonly Milestone held = new();
    private readonly Milestone released = new();

    /// <summary>How many requests a scripted delay has held since the sandbox started.</summary>
    public int Held => held.Count;

    /// <summary>Completes once <paramref name="count"/> requests in all have been held by a scripted delay.</summary>
    public Task WhenHeldAsync(int count, CancellationToken cancellationToken = default) => held.WhenReachedAsync(count, cancellationToken);

    /// <summary>
    /// Completes once <paramref name="count"/> holds in all have ended, by their delay passing or by the caller hanging up
    /// (which the sandbox notices a moment after the caller gives up).
    /// </summary>
    public Task WhenReleasedAsync(int count, CancellationToken cancellationToken = default) => released.WhenReachedAsync(count, cancellationToken);

    /// <summary>
    /// What a scripted order does once it is placed: PlaceThenStall holds the answer, Disconnect drops the connection with
    /// no answer. False when there is no answer to send.
    /// </summary>
    internal async Task<bool> AfterPlacingAsync(PartScript script, HttpContext context, CancellationToken cancellationToken)
    {
        switch (script.Order)
        {
            case OrderBehavior.PlaceThenStall:
                await HoldAsync(script.Delay, cancellationToken);
                return true;
            case OrderBehavior.Disconnect:
                context.Abort();
                return false;
            default:
                return true;
        }
    }

    /// <summary>Holds the request for <paramref name="delay"/>. False when the caller hung up first.</summary>
    internal async Task<bool> HoldAsync(TimeSpan delay, CancellationToken requestAborted)
    {
        // Start the timer before announcing the hold, so time moved on by whoever waits for it is never missed.
        var wait = Task.Delay(delay, clock, requestAborted);
        held.Increment();
        try
        {
            await wait;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            released.Increment();
        }
    }

    /// <summary>A count that only grows, and tasks that complete when it reaches a value.</summary>
    private sealed class Milestone
    {
        private readonly Lock gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> waiters = [];
        private int total;

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return total;
                }
            }
        }

        public Task WhenReachedAsync(int count, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                if (total >= count)
                {
                    return Task.CompletedTask;
                }

                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((count, reached));
                return reached.Task.WaitAsync(cancellationToken);
            }
        }

        public void Increment()
        {
            List<TaskCompletionSource> reached;
            lock (gate)
            {
                total++;
                reached = waiters.Where(w => w.Count <= total).Select(w => w.Reached).ToList();
                waiters.RemoveAll(w => w.Count <= total);
            }

            reached.ForEach(r => r.TrySetResult());
        }
    }
}
