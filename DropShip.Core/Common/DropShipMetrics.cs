using System.Diagnostics.Metrics;

namespace DropShip.Core.Common;

/// <summary>
/// The app's one meter ("DropShip") and its instruments, created through the host's IMeterFactory so each app (and each
/// test's app) has its own. Every metric the app records is defined here, named dropship.*, with its tags.
/// </summary>
public sealed class DropShipMetrics
{
    public const string MeterName = "DropShip";
    public const string AnswerProblemsName = "dropship.distributor.answer_problems";

    private readonly Counter<long> answerProblems;

    public DropShipMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        answerProblems = Meter.CreateCounter<long>(AnswerProblemsName, unit: "{problem}",
            description: "Distributor answers an adapter could not fully read (a field missing, of another type, an unknown code, not JSON).");
    }

    public Meter Meter { get; }

    /// <summary>One answer the adapter could not fully read, by distributor key and operation (e.g. "order lookup").</summary>
    public void AnswerProblem(string distributor, string operation) =>
        answerProblems.Add(1, new KeyValuePair<string, object?>("distributor", distributor), new KeyValuePair<string, object?>("operation", operation));
}
