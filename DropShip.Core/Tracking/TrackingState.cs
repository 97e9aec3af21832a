using System.Text.Json.Serialization;

namespace DropShip.Core.Tracking;

/// <summary>
/// The monitor's whole state, passed from one execution to the next with ContinueAsNew, and its one pure transition
/// (<see cref="After"/>): everything the monitor decides is decided here, so it is tested without an engine. All times
/// are UTC DateTimes, as TaskOrchestrationContext.CurrentUtcDateTime gives them. The deadline is computed once, when
/// tracking starts.
/// <para>
/// Durable: a monitor runs for up to six weeks, so the state a release writes is read by the releases deployed after it.
/// The compatibility rule: a property is only ever added, with a default that keeps the old behaviour when it is missing
/// (a missing constructor parameter reads as its type's default); none is renamed, retyped or removed while a monitor of
/// an older <see cref="Version"/> may still run (six weeks after the last release that wrote it). A change of shape
/// raises <see cref="CurrentVersion"/> and checks in the new shape beside the old ones (TrackingStateGoldenTests); a state
/// this release cannot read (<see cref="IsReadable"/>) is not guessed at: the monitor ends and the sweeper starts a fresh
/// one from the PO.
/// </para>
/// </summary>
/// <param name="UnconfirmedLookups">Answered lookups while awaiting confirmation (a 429 is no answer).</param>
/// <param name="AbsenceProofs">Answers that proved the distributor has no such order, since <paramref name="FirstAbsenceProofAt"/>.</param>
/// <param name="AwaitingConfirmation">The PO's status as the last check read it (PurchaseOrder.AwaitsConfirmation): the
/// submission had no clear answer and the distributor has not shown the order yet. Only a copy: each check reports the
/// PO's own status (CheckResult.AwaitsConfirmation), which is what After judges by.</param>
/// <param name="DealerAsked">This monitor knows the dealer was asked to confirm (DealerConfirmation: the PO's timeline is the record).</param>
/// <param name="Policy">The schedule this monitor follows, fixed when it starts: only what <see cref="After"/> needs, not the settings class.</param>
/// <param name="FailingSince">When the current run of failed checks began (the first failed check); null while checks succeed.
/// A 429 or a check paused for refused credentials neither starts nor ends a run.</param>
/// <param name="AttentionRaised">The PO was said to need attention for this run (once per run, cleared by a good check).</param>
public sealed record TrackingState(
    string StoreId,
    string PoNumber,
    DateTime SubmittedAt,
    DateTime Deadline,
    DateTime NextCheckAt,
    int Checks,
    int ConsecutiveErrors,
    bool AwaitingConfirmation,
    int UnconfirmedLookups,
    int AbsenceProofs,
    DateTime? FirstAbsenceProofAt,
    bool DealerAsked,
    TrackingPolicy Policy,
    DateTime? FailingSince = null,
    bool AttentionRaised = false)
{
    /// <summary>
    /// The shape this release writes. 1: the first shape (no Version property; the policy carried every tracking setting).
    /// 2: Version written; the policy holds only the schedule (the settings it no longer carries are ignored when read).
    /// 3: FailingSince and AttentionRaised (checks failing for Policy.AttentionAfter make the PO need attention); missing: none.
    /// </summary>
    public const int CurrentVersion = 3;

    /// <summary>The oldest shape this release reads.</summary>
    public const int OldestReadableVersion = 1;

    /// <summary>The shape this state was written in; a state written before versions existed reads as 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Whether this release knows the shape (a state from a newer release, after a rollback, is not guessed at).</summary>
    [JsonIgnore]
    public bool IsReadable => Version is >= OldestReadableVersion and <= CurrentVersion && Policy is not null;

    public static TrackingState Start(string storeId, string poNumber, DateTime submittedAtUtc, bool awaitingConfirmation, TrackingOptions options) => new(
        storeId, poNumber, submittedAtUtc, submittedAtUtc + options.Deadline,
        NextCheckAt: submittedAtUtc + (awaitingConfirmation ? options.ReconcileInterval : options.FirstCheckAfter),
        Checks: 0, ConsecutiveErrors: 0, awaitingConfirmation, UnconfirmedLookups: 0, AbsenceProofs: 0, FirstAbsenceProofAt: null, DealerAsked: false,
        TrackingPolicy.From(options))
    { Version = CurrentVersion };

    /// <summary>What to do after a check (and its notifications) at <paramref name="now"/>.</summary>
    public TrackingStep After(CheckResult check, DateTime now)
    {
        if (check.Outcome is CheckOutcome.Shipped or CheckOutcome.Stopped)
            return new TrackingStep.Ended(check.Outcome, check.Message)
            {
                Attention = AttentionRaised && check.Outcome == CheckOutcome.Shipped ? new AttentionChange(Raise: false, FailingSince ?? now, check.Message) : null,
            };

        var outcome = check.Outcome;
        // Whether the PO awaits confirmation is its own status as this check read it; the state's copy stands in only when
        // the check could not read the PO (its activity failed).
        var awaitingNow = check.AwaitsConfirmation ?? AwaitingConfirmation;
        // The one place "not found" is judged: it counts only while the PO awaits confirmation; of a confirmed PO it is an error.
        if (outcome is CheckOutcome.NotFound or CheckOutcome.ProvenAbsent && !awaitingNow) outcome = CheckOutcome.Error;
        var awaiting = awaitingNow && outcome != CheckOutcome.Pending;
        var proofs = !awaiting ? 0 : outcome == CheckOutcome.ProvenAbsent ? AbsenceProofs + 1 : AbsenceProofs;
        var firstProof = !awaiting ? null : outcome == CheckOutcome.ProvenAbsent ? FirstAbsenceProofAt ?? now : FirstAbsenceProofAt;
        if (awaiting && proofs >= Policy.AbsenceProofs && now - firstProof!.Value >= Policy.AbsenceProofSpan)
            return new TrackingStep.NeverPlaced(
                $"The distributor showed {proofs} times over {Describe(now - firstProof.Value)} that it has no order for PO {PoNumber}: nothing was ordered.");
        if (now >= Deadline) return new TrackingStep.StopAtDeadline();

        // A 429 is neither a failure nor an answer; nor is a check paused because the distributor refused the credentials.
        var neutral = outcome is CheckOutcome.RateLimited or CheckOutcome.Paused;
        var errors = outcome == CheckOutcome.Error ? ConsecutiveErrors + 1 : neutral ? ConsecutiveErrors : 0;
        var lookups = awaiting && !neutral ? UnconfirmedLookups + 1 : awaiting ? UnconfirmedLookups : 0;
        var failingSince = outcome == CheckOutcome.Error ? FailingSince ?? now : neutral ? FailingSince : null;
        AttentionChange? attention = null;
        if (!AttentionRaised && outcome == CheckOutcome.Error && failingSince is { } since && now - since >= Policy.AttentionAfter)
            attention = new AttentionChange(Raise: true, since, check.Message);
        else if (AttentionRaised && failingSince is null)
            attention = new AttentionChange(Raise: false, FailingSince ?? now, check.Message);
        var askDealer = DealerConfirmation.IsDue(awaiting, DealerAsked, lookups, Policy);
        var wait = outcome switch
        {
            CheckOutcome.Error => ErrorBackoff(errors),
            CheckOutcome.RateLimited => check.RetryAfter is { } ra && ra > TimeSpan.Zero ? ra : Policy.RateLimitWait,
            CheckOutcome.Paused => Policy.Interval,
            _ when awaiting && !DealerAsked && !askDealer => Policy.ReconcileInterval,
            _ => Policy.Interval,
        };
        // A distributor's Retry-After is honoured whatever else happened.
        if (check.RetryAfter is { } after && after > wait) wait = after;
        // Compared as durations first: a huge Retry-After must clamp to the deadline, not overflow DateTime.
        var next = wait < Deadline - now ? now + wait : Deadline;

        return new TrackingStep.CheckAgain(this with
        {
            Version = CurrentVersion,
            NextCheckAt = next,
            Checks = Checks + 1,
            ConsecutiveErrors = errors,
            AwaitingConfirmation = awaiting,
            UnconfirmedLookups = lookups,
            AbsenceProofs = proofs,
            FirstAbsenceProofAt = firstProof,
            FailingSince = failingSince,
            AttentionRaised = attention?.Raise ?? AttentionRaised,
        }, askDealer)
        { Attention = attention };
    }

    /// <summary>15 min, 30 min, 1 h, 2 h ... doubling per consecutive error, capped at MaxErrorBackoff.</summary>
    public TimeSpan ErrorBackoff(int consecutiveErrors)
    {
        var doublings = Math.Clamp(consecutiveErrors - 1, 0, 20);
        var backoff = TimeSpan.FromTicks(Policy.FirstErrorBackoff.Ticks * (1L << doublings));
        return backoff < Policy.MaxErrorBackoff ? backoff : Policy.MaxErrorBackoff;
    }

    private static string Describe(TimeSpan span) => span >= TimeSpan.FromHours(1) ? $"{span.TotalHours:0.#} h" : span >= TimeSpan.FromMinutes(1) ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";
}

/// <summary>
/// The schedule a monitor follows, copied from <see cref="TrackingOptions"/> when it starts and kept in its durable state.
/// Named exactly as the settings, so the first state shape (which carried the whole settings class) reads into it. Only
/// what <see cref="TrackingState.After"/> needs: a setting the monitor does not use stays out of the durable state, where
/// it could not change without the compatibility rule.
/// </summary>
public sealed record TrackingPolicy(
    TimeSpan FirstCheckAfter,
    TimeSpan Interval,
    TimeSpan FirstErrorBackoff,
    TimeSpan MaxErrorBackoff,
    TimeSpan RateLimitWait,
    TimeSpan ReconcileInterval,
    int ReconcileAttempts,
    int AbsenceProofs,
    TimeSpan AbsenceProofSpan)
{
    /// <summary>Checks failing this long make the PO need attention. Added later: a state without it reads the default (24 h).</summary>
    public TimeSpan AttentionAfter { get; init; } = TimeSpan.FromHours(24);

    public static TrackingPolicy From(TrackingOptions options) => new(
        options.FirstCheckAfter, options.Interval, options.FirstErrorBackoff, options.MaxErrorBackoff, options.RateLimitWait,
        options.ReconcileInterval, options.ReconcileAttempts, options.AbsenceProofs, options.AbsenceProofSpan)
    { AttentionAfter = options.AttentionAfter };
}

/// <summary>The monitor's next step, decided by <see cref="TrackingState.After"/>.</summary>
public abstract record TrackingStep
{
    private TrackingStep() { }

    /// <summary>Wait until <c>Next.NextCheckAt</c> (or a check-now event) and check again, first asking the dealer to confirm when told.</summary>
    public sealed record CheckAgain(TrackingState Next, bool AskDealerToConfirm) : TrackingStep
    {
        /// <summary>Say on the PO that it needs attention, or that it no longer does; null: nothing to say.</summary>
        public AttentionChange? Attention { get; init; }
    }

    /// <summary>The deadline has passed without a complete shipment.</summary>
    public sealed record StopAtDeadline : TrackingStep;

    /// <summary>The distributor proved, repeatedly and over time, that it never got the PO: mark it Failed and release the item.</summary>
    public sealed record NeverPlaced(string Reason) : TrackingStep;

    /// <summary>Nothing more to follow: everything shipped, or the PO is gone or no longer tracked.</summary>
    public sealed record Ended(CheckOutcome Outcome, string? Message) : TrackingStep
    {
        /// <summary>A PO that needed attention shipped: the attention clears.</summary>
        public AttentionChange? Attention { get; init; }
    }
}

/// <summary>
/// The PO's checks have failed since <paramref name="Since"/> for Tracking:AttentionAfter (<paramref name="Raise"/>), or a
/// check succeeded again after that (not <paramref name="Raise"/>). <paramref name="Message"/> is the last check's message.
/// </summary>
public sealed record AttentionChange(bool Raise, DateTime Since, string? Message);

public enum CheckOutcome
{
    /// <summary>The distributor has the order; not everything has shipped.</summary>
    Pending,
    /// <summary>Everything has shipped.</summary>
    Shipped,
    /// <summary>The PO was not shown, but the answer proves nothing (counts only while the PO awaits confirmation).</summary>
    NotFound,
    /// <summary>The distributor positively showed it has no such order (counts only while the PO awaits confirmation).</summary>
    ProvenAbsent,
    RateLimited,
    Error,
    /// <summary>The distributor refused the store's credentials: not called until they are replaced.</summary>
    Paused,
    /// <summary>The PO is gone or no longer tracked.</summary>
    Stopped,
}

/// <summary>One check of one PO (the CheckShipment activity's answer).</summary>
/// <param name="PendingNotifications">Tracking numbers recorded on the PO whose customer email, note or webhook is not yet done.</param>
public sealed record CheckResult(CheckOutcome Outcome, IReadOnlyList<string> PendingNotifications, TimeSpan? RetryAfter, string? Message)
{
    /// <summary>
    /// The PO's status after this check (PurchaseOrder.AwaitsConfirmation): the distributor has yet to show the order. Null
    /// when the check could not read the PO (a failed activity, or an answer from a release before this was reported).
    /// </summary>
    public bool? AwaitsConfirmation { get; init; }

    /// <summary>The packages were recorded but telling about them failed: check again soon, as after an error.</summary>
    public CheckResult NotifyFailed() => Outcome == CheckOutcome.RateLimited ? this : this with { Outcome = CheckOutcome.Error, Message = "Notifying about new tracking failed; retrying." };
}
