namespace DropShip.Sandbox.Recording;

/// <summary>Every distributor request the sandbox received, in arrival order. Thread-safe.</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(Func<RecordedRequest, bool> Match, TaskCompletionSource<RecordedRequest> Arrived)> _waiters = [];

    /// <summary>A snapshot: later requests do not change a list already returned.</summary>
    public IReadOnlyList<RecordedRequest> All
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
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
        lock (_gate)
        {
            if (_requests.FirstOrDefault(match) is { } received)
            {
                return Task.FromResult(received);
            }

            var arrived = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, arrived));
            return arrived.Task;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    internal void Add(RecordedRequest request)
    {
        List<TaskCompletionSource<RecordedRequest>> matched;
        lock (_gate)
        {
            _requests.Add(request);
            matched = _waiters.Where(waiter => waiter.Match(request)).Select(waiter => waiter.Arrived).ToList();
            _waiters.RemoveAll(waiter => matched.Contains(waiter.Arrived));
        }

        foreach (var arrived in matched)
        {
            arrived.TrySetResult(request);
        }
    }
}
