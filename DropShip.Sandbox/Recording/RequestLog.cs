namespace DropShip.Sandbox.Recording;

/// <summary>Every distributor request the sandbox received, in arrival order. Thread-safe.</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

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

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    internal void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }
}
