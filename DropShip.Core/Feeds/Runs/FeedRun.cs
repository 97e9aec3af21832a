namespace DropShip.Core.Feeds.Runs;

public enum FeedRunOutcome
{
    /// <summary>Started and not finished (or the process died mid-run).</summary>
    Running,
    Succeeded,
    /// <summary>The same content was already applied today: nothing was parsed or written.</summary>
    Unchanged,
    /// <summary>The file would have removed more of the catalog than the drift guard allows: nothing was applied.</summary>
    RejectedByDriftGuard,
    /// <summary>The distributor's daily download allowance is used up (Parts Unlimited: 2 a day): the source was not called.</summary>
    SkippedDailyLimit,
    Failed,
}

/// <summary>One feed run of one distributor, as the history keeps it. Never holds credentials.</summary>
/// <param name="Source">Protocol, host and path of the first file, without credentials.</param>
/// <param name="Sha256">Content hash (for several files, the hash of their names and hashes).</param>
/// <param name="RowsRead">Records read from the file, valid or not.</param>
/// <param name="RowsChanged">Index rows written because the part is new or changed.</param>
/// <param name="RowsMarkedUnavailable">Parts the file no longer lists, marked unavailable.</param>
/// <param name="SourceCalled">The distributor's server was contacted (counts against a daily allowance).</param>
public sealed record FeedRun(
    string Distributor,
    DateTimeOffset StartedAt,
    FeedRunOutcome Outcome,
    IReadOnlyList<string> Files,
    string? Source,
    string? Sha256,
    long Bytes,
    long RowsRead,
    long RowsChanged,
    long RowsMarkedUnavailable,
    long TableWrites,
    long RejectedLines,
    IReadOnlyList<RejectedLine> RejectedSamples,
    TimeSpan Duration,
    string? Message,
    bool SourceCalled);
