namespace DropShip.Core.Distributors.Answers;

/// <summary>
/// Collects, for the code that opens it and everything that code awaits, every distributor exchange (its status and time)
/// and every answer reading and problem the adapters report. The go-live probe reads the calls; tracking and submission read
/// the problems to name them on the PO's timeline. Adapters need not know who listens: DistributorHttp and
/// AnswerProblemLog report to the recording in force, if any.
/// </summary>
public sealed class DistributorCallRecording : IDisposable
{
    private static readonly AsyncLocal<DistributorCallRecording?> InForce = new();
    private readonly DistributorCallRecording? outer;
    private readonly Lock gate = new();
    private readonly List<RecordedCall> calls = [];
    private readonly List<AnswerProblem> problems = [];

    private DistributorCallRecording()
    {
        outer = InForce.Value;
    }

    public static DistributorCallRecording? Current => InForce.Value;

    /// <summary>Starts recording for the calling flow; dispose to stop.</summary>
    public static DistributorCallRecording Start()
    {
        var recording = new DistributorCallRecording();
        InForce.Value = recording;
        return recording;
    }

    public IReadOnlyList<RecordedCall> Calls
    {
        get { lock (gate) return [.. calls]; }
    }

    public IReadOnlyList<AnswerProblem> Problems
    {
        get { lock (gate) return [.. problems]; }
    }

    internal void Sent(HttpRequestMessage request, DistributorHttp.Exchange exchange, TimeSpan elapsed)
    {
        var call = new RecordedCall($"{request.Method} {request.RequestUri?.AbsolutePath}", exchange, elapsed);
        lock (gate) calls.Add(call);
    }

    /// <summary>Attaches a reading to the call whose answer it read (the same body instance).</summary>
    internal void Read(DistributorHttp.Exchange.Answered answer, AnswerReading reading)
    {
        lock (gate)
        {
            var index = calls.FindLastIndex(c => c.Exchange is DistributorHttp.Exchange.Answered a && ReferenceEquals(a.Body, answer.Body));
            if (index >= 0) calls[index] = calls[index] with { Reading = reading };
        }
    }

    internal void Found(AnswerProblem problem)
    {
        lock (gate) problems.Add(problem);
    }

    public void Dispose() => InForce.Value = outer;
}

/// <param name="Request">Method and path, never the query (Tucker's carries the key).</param>
public sealed record RecordedCall(string Request, DistributorHttp.Exchange Exchange, TimeSpan Elapsed, AnswerReading? Reading = null);
