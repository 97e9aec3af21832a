using System.Text.Json.Serialization;
using DropShip.Core.Common;

namespace DropShip.Core.Tracking;

/// <summary>
/// Configuration section "Tracking": how a PO is followed. The defaults live here and nowhere else. A monitor carries the
/// copy it started with (inside its TrackingState), so the orchestrator never reads configuration and a settings change
/// never moves the deadline of a running PO.
/// </summary>
public sealed record TrackingOptions
{
    public const string Section = "Tracking";

    /// <summary>First check of a PO the distributor accepted, after submission.</summary>
    public TimeSpan FirstCheckAfter { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Between checks of a confirmed PO.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(4);

    /// <summary>After the first error; doubles per consecutive error up to MaxErrorBackoff.</summary>
    public TimeSpan FirstErrorBackoff { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan MaxErrorBackoff { get; init; } = TimeSpan.FromHours(12);

    /// <summary>After a 429 without Retry-After.</summary>
    public TimeSpan RateLimitWait { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Between lookups of a PO whose submission had no clear answer, until it is resolved or the dealer is asked.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Lookups of an unconfirmed PO without a resolution before the dealer is asked to confirm with the distributor.</summary>
    public int ReconcileAttempts { get; init; } = 3;

    /// <summary>How many answers that prove the distributor has no such order it takes to declare the PO never placed.</summary>
    public int AbsenceProofs { get; init; } = 3;

    /// <summary>The least time between the first and the last of those answers: an order can appear at the distributor late.</summary>
    public TimeSpan AbsenceProofSpan { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>How long a PO is followed after submission (six weeks).</summary>
    public double DeadlineDays { get; init; } = 42;

    /// <summary>A tracked PO whose checks have all failed for this long needs attention (said once per run of failures).</summary>
    public TimeSpan AttentionAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>A tracked PO older than this with no running monitor gets one from the sweeper.</summary>
    public TimeSpan SweepAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The table of the tracked-PO index the sweeper reads (one per deployment sharing a storage account, and per test run).</summary>
    [JsonIgnore]
    public string IndexTable { get; init; } = "TrackedPurchaseOrders";

    [JsonIgnore]
    public TimeSpan Deadline => TimeSpan.FromDays(DeadlineDays);

    /// <summary>
    /// The longest a running monitor goes without checking (its longest scheduled wait, plus an hour for activity retries
    /// and a busy host): a PO whose monitor has not been seen for longer is worth asking the Durable engine about. A
    /// distributor's Retry-After beyond it costs one status question per QuietLimit, nothing more.
    /// </summary>
    [JsonIgnore]
    public TimeSpan QuietLimit => new[] { FirstCheckAfter, Interval, MaxErrorBackoff, RateLimitWait, ReconcileInterval }.Max() + TimeSpan.FromHours(1);

    /// <summary>Settings that would make the monitor spin or never run, each naming the setting; checked when the app starts.</summary>
    public static IEnumerable<string?> Problems(TrackingOptions options, string section)
    {
        foreach (var (value, setting) in new[]
                 {
                     (options.FirstCheckAfter, nameof(FirstCheckAfter)), (options.Interval, nameof(Interval)),
                     (options.FirstErrorBackoff, nameof(FirstErrorBackoff)), (options.MaxErrorBackoff, nameof(MaxErrorBackoff)),
                     (options.RateLimitWait, nameof(RateLimitWait)), (options.ReconcileInterval, nameof(ReconcileInterval)),
                     (options.SweepAfter, nameof(SweepAfter)), (options.AttentionAfter, nameof(AttentionAfter)),
                 })
            yield return SettingsValidation.PositiveProblem(value, $"{section}:{setting}");
        yield return SettingsValidation.TableNameProblem(options.IndexTable, $"{section}:{nameof(IndexTable)}");
        if (options.AbsenceProofSpan < TimeSpan.Zero) yield return $"{section}:{nameof(AbsenceProofSpan)} must not be negative; it is {options.AbsenceProofSpan}.";
        if (options.MaxErrorBackoff < options.FirstErrorBackoff)
            yield return $"{section}:{nameof(MaxErrorBackoff)} ({options.MaxErrorBackoff}) must not be shorter than {section}:{nameof(FirstErrorBackoff)} ({options.FirstErrorBackoff}).";
        if (options.ReconcileAttempts is < 1 or > 100) yield return $"{section}:{nameof(ReconcileAttempts)} must be from 1 to 100; it is {options.ReconcileAttempts}.";
        if (options.AbsenceProofs is < 1 or > 100) yield return $"{section}:{nameof(AbsenceProofs)} must be from 1 to 100; it is {options.AbsenceProofs}.";
        if (!double.IsFinite(options.DeadlineDays) || options.DeadlineDays <= 0 || options.DeadlineDays > 365)
            yield return $"{section}:{nameof(DeadlineDays)} must be more than 0 and at most 365; it is {options.DeadlineDays}.";
    }
}
