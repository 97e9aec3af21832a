namespace DropShip.Sandbox.Recording;

/// <summary>Every distributor request the sandbox received, in arrival order. Thread-safe.</summary>
public sealed class RequestLog
{
    private readonly Lock gate = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly List<(Func<RecordedRequest, bool> Match, TaskCompletionSource<RecordedRequest> Arrived)> waiters = [];

    /// <summary>A snapshot: later requests do not change a list already returned.</summary>
    public IReadOnlyList<RecordedRequest> All
    {
        get
        {
            lock (gate)
            {
                return requests.ToArray();
            }
        }
    }

    public IEnumerable<RecordedRequest> For(string distributor) =>
        All.Where(request => string.Equals(request.Distributor, distributor, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The first request, already received or still to come, that <paramref name="match"/> accepts. Lets a test act at the
    /// moment a request is held by a scripted delay (for instance advance a fake clock) without polling or sleeping.
    /// </summary>
    public Task<RecordedRequest> WhenReceivedAsync(Func<RecordedRequest, bool> match)
    {
        lock (gate)
        {
            if (requests.FirstOrDefault(match) is { } received)
            {
                return Task.FromResult(received);
            }

            var arrived = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, arrived));
            return arrived.Task;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            requests.Clear();
        }
    }

    internal void Add(RecordedRequest request)
    {
        List<TaskCompletionSource<RecordedRequest>> matched;
        lock (gate)
        {
            requests.Add(request);
            matched = waiters.Where(waiter => waiter.Match(request)).Select(waiter => waiter.Arrived).ToList();
            waiters.RemoveAll(waiter => matched.Contains(waiter.Arrived));
        }

        foreach (var arrived in matched)
        {
            arrived.TrySetResult(request);
        }
    }
}
