namespace DropShip.Core.Tracking;

/// <summary>
/// How often a PO is checked. Carried inside the orchestration state so the orchestrator never reads configuration.
/// Configuration section "Tracking" (TrackingOptions) produces it.
/// </summary>
public sealed record TrackingPolicy(
    TimeSpan FirstCheckAfter,
    TimeSpan Interval,
    TimeSpan FirstErrorBackoff,
    TimeSpan MaxErrorBackoff,
    TimeSpan RateLimitWait,
    TimeSpan ReconcileInterval,
    int ReconcileAttempts,
    TimeSpan Deadline)
{
    public static readonly TrackingPolicy Default = new(
        FirstCheckAfter: TimeSpan.FromHours(2),
        Interval: TimeSpan.FromHours(4),
        FirstErrorBackoff: TimeSpan.FromMinutes(15),
        MaxErrorBackoff: TimeSpan.FromHours(12),
        RateLimitWait: TimeSpan.FromMinutes(30),
        ReconcileInterval: TimeSpan.FromMinutes(10),
        ReconcileAttempts: 3,
        Deadline: TimeSpan.FromDays(42));
}

/// <summary>Configuration section "Tracking". Unset values keep TrackingPolicy.Default.</summary>
public sealed class TrackingOptions
{
    public const string Section = "Tracking";
    public double? DeadlineDays { get; set; }
    public TimeSpan? FirstCheckAfter { get; set; }
    public TimeSpan? Interval { get; set; }
    public TimeSpan? MaxErrorBackoff { get; set; }
    public int? ReconcileAttempts { get; set; }
    public TimeSpan? ReconcileInterval { get; set; }

    public TrackingPolicy ToPolicy()
    {
        var d = TrackingPolicy.Default;
        return d with
        {
            Deadline = DeadlineDays is { } days ? TimeSpan.FromDays(days) : d.Deadline,
            FirstCheckAfter = FirstCheckAfter ?? d.FirstCheckAfter,
            Interval = Interval ?? d.Interval,
            MaxErrorBackoff = MaxErrorBackoff ?? d.MaxErrorBackoff,
            ReconcileAttempts = ReconcileAttempts ?? d.ReconcileAttempts,
            ReconcileInterval = ReconcileInterval ?? d.ReconcileInterval,
        };
    }
}

/// <summary>What the last check found, as far as scheduling cares.</summary>
public enum LastCheck { Ok, Error, RateLimited, NotFoundYet }

public abstract record TrackingDecision
{
    private TrackingDecision() { }
    public sealed record CheckAt(DateTime When) : TrackingDecision;
    /// <summary>The deadline has passed without a complete shipment.</summary>
    public sealed record Stop : TrackingDecision;
}

/// <summary>
/// The monitor's schedule as a pure function, so it is tested exhaustively and the orchestrator stays a few lines.
/// All times are UTC DateTimes, as TaskOrchestrationContext.CurrentUtcDateTime gives them.
/// </summary>
public static class TrackingSchedule
{
    /// <summary>When a new monitor first checks: soon for an unconfirmed PO (reconcile), else FirstCheckAfter after submission.</summary>
    public static DateTime FirstCheck(DateTime submittedAt, bool unconfirmed, TrackingPolicy policy) =>
        submittedAt + (unconfirmed ? policy.ReconcileInterval : policy.FirstCheckAfter);

    public static TrackingDecision Next(DateTime now, DateTime deadline, LastCheck last, int consecutiveErrors, TimeSpan? retryAfter, TrackingPolicy policy)
    {
        if (now >= deadline) return new TrackingDecision.Stop();
        var wait = last switch
        {
            LastCheck.Ok => policy.Interval,
            LastCheck.NotFoundYet => policy.ReconcileInterval,
            LastCheck.RateLimited => retryAfter is { } ra && ra > TimeSpan.Zero ? ra : policy.RateLimitWait,
            LastCheck.Error => ErrorBackoff(consecutiveErrors, policy),
            _ => policy.Interval,
        };
        // A distributor's Retry-After is honoured whatever else happened.
        if (retryAfter is { } after && after > wait) wait = after;
        // Compared as durations first: a huge Retry-After must clamp to the deadline, not overflow DateTime.
        return new TrackingDecision.CheckAt(wait < deadline - now ? now + wait : deadline);
    }

    /// <summary>15 min, 30 min, 1 h, 2 h ... doubling per consecutive error, capped at MaxErrorBackoff.</summary>
    public static TimeSpan ErrorBackoff(int consecutiveErrors, TrackingPolicy policy)
    {
        var doublings = Math.Clamp(consecutiveErrors - 1, 0, 20);
        var backoff = TimeSpan.FromTicks(policy.FirstErrorBackoff.Ticks * (1L << doublings));
        return backoff < policy.MaxErrorBackoff ? backoff : policy.MaxErrorBackoff;
    }
}
