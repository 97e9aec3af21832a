namespace DropShip.Benchmarks;

/// <summary>One figure measured in several runs: the median, with the smallest and largest beside it.</summary>
public sealed record Figure(IReadOnlyList<double> Runs)
{
    public double Median
    {
        get
        {
            var sorted = Runs.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    public double Min => Runs.Min();
    public double Max => Runs.Max();

    /// <summary>"12.3 (11.9-13.0)" in the given format.</summary>
    public string Format(string format) => $"{Median.ToString(format)} ({Min.ToString(format)}-{Max.ToString(format)})";

    /// <summary>The value at a percentile (0-100) of one run's samples, nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> sortedSamples, double percentile)
    {
        if (sortedSamples.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sortedSamples.Count);
        return sortedSamples[Math.Clamp(rank - 1, 0, sortedSamples.Count - 1)];
    }
}
