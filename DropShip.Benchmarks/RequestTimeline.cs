using System.Collections.Concurrent;
using System.Diagnostics;

namespace DropShip.Benchmarks;

/// <summary>
/// Where one request's time goes: every outgoing HTTP request of the process (storage on Azurite and the distributor
/// sandbox alike: the Azure SDK and the distributor clients both send through HttpClient, which reports each request as
/// an activity of the "System.Net.Http" source) with its start offset and duration, recorded between
/// <see cref="Begin"/> and <see cref="End"/>. The time outside every request is the app's own work in-process.
/// </summary>
public sealed class RequestTimeline : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<Step> steps = new();
    private readonly Func<Uri, string> describe;
    private long begun;
    private DateTime begunUtc;
    private volatile bool recording;

    /// <param name="describe">A short name for a request's target ("PurchaseOrders", "WPS carts").</param>
    public RequestTimeline(Func<Uri, string> describe)
    {
        this.describe = describe;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Begin()
    {
        steps.Clear();
        begunUtc = DateTime.UtcNow;
        begun = Stopwatch.GetTimestamp();
        recording = true;
    }

    /// <summary>The requests sent since <see cref="Begin"/>, in the order they started, and the whole request's time.</summary>
    public (IReadOnlyList<Step> Steps, double TotalMs) End()
    {
        var total = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
        recording = false;
        return (steps.OrderBy(s => s.StartMs).ToList(), total);
    }

    private void Stopped(Activity activity)
    {
        if (!recording) return;
        var start = (activity.StartTimeUtc - begunUtc).TotalMilliseconds;
        var method = activity.GetTagItem("http.request.method") as string ?? "";
        var url = activity.GetTagItem("url.full") as string;
        var target = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? describe(uri) : activity.DisplayName;
        steps.Enqueue(new Step($"{method} {target}", start, activity.Duration.TotalMilliseconds));
    }

    public void Dispose() => listener.Dispose();

    /// <param name="StartMs">Since <see cref="Begin"/>.</param>
    public sealed record Step(string Name, double StartMs, double DurationMs)
    {
        public double EndMs => StartMs + DurationMs;
    }

    /// <summary>The time within [0, total] covered by at least one request (concurrent requests counted once).</summary>
    public static double Covered(IReadOnlyList<Step> steps)
    {
        double covered = 0, reach = 0;
        foreach (var step in steps.OrderBy(s => s.StartMs))
        {
            var from = Math.Max(step.StartMs, reach);
            if (step.EndMs > from) covered += step.EndMs - from;
            reach = Math.Max(reach, step.EndMs);
        }
        return covered;
    }
}
