namespace DropShip.Core.Feeds.Parsing;

/// <summary>Counts every rejected line and keeps the first few as samples for the run history.</summary>
public sealed class RejectedLines(int sampleLimit = RejectedLines.DefaultSampleLimit)
{
    public const int DefaultSampleLimit = 20;
    private const int ExcerptLength = 160;
    private readonly List<RejectedLine> samples = [];

    /// <summary>For a second pass over a file whose rejections were already counted.</summary>
    public static RejectedLines Discard() => new(0) { discarding = true };

    private bool discarding;

    public long Count { get; private set; }
    public IReadOnlyList<RejectedLine> Samples => samples;

    public void Add(string file, long lineNumber, string reason, string? rawLine)
    {
        if (discarding) return;
        Count++;
        if (samples.Count >= sampleLimit) return;
        var excerpt = (rawLine ?? "").TrimEnd('\r', '\n');
        if (excerpt.Length > ExcerptLength) excerpt = excerpt[..ExcerptLength] + "…";
        samples.Add(new RejectedLine(file, lineNumber, reason, excerpt));
    }
}

/// <summary>The file cannot be read at all (no recognisable header, missing archive entry): the run fails, nothing is applied.</summary>
public sealed class FeedFormatException(string message) : Exception(message);
