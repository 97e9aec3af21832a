using DropShip.Core.Common;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropShip.Tests.Tracking;

/// <summary>The monitor's decisions (TrackingState.After), table-driven and by whole simulated runs. Times are minutes after a fixed UTC submission.</summary>
public sealed class TrackingStateTests
{
    private static readonly DateTime T0 = new(2025, 3, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TrackingOptions P = new();
    private static readonly DateTime Deadline = T0 + P.Deadline;

    private static DateTime At(double minutes) => T0.AddMinutes(minutes);

    private static CheckResult Check(CheckOutcome outcome, TimeSpan? retryAfter = null) => new(outcome, [], retryAfter, outcome.ToString());

    private static TrackingState Confirmed() => TrackingState.Start("s", "PO", T0, awaitingConfirmation: false, P);

    private static TrackingState Unconfirmed() => TrackingState.Start("s", "PO", T0, awaitingConfirmation: true, P);

    private static TrackingStep.CheckAgain Again(TrackingStep step) => Assert.IsType<TrackingStep.CheckAgain>(step);

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        Assert.Equal(TimeSpan.FromHours(2), P.FirstCheckAfter);
        Assert.Equal(TimeSpan.FromHours(4), P.Interval);
        Assert.Equal(TimeSpan.FromMinutes(15), P.FirstErrorBackoff);
        Assert.Equal(TimeSpan.FromHours(12), P.MaxErrorBackoff);
        Assert.Equal(TimeSpan.FromMinutes(30), P.RateLimitWait);
        Assert.Equal(TimeSpan.FromMinutes(10), P.ReconcileInterval);
        Assert.Equal(3, P.ReconcileAttempts);
        Assert.Equal(3, P.AbsenceProofs);
        Assert.Equal(TimeSpan.FromMinutes(20), P.AbsenceProofSpan);
        Assert.Equal(TimeSpan.FromDays(42), P.Deadline);
        Assert.Equal(TimeSpan.FromMinutes(5), P.SweepAfter);
    }

    [Theory]
    [InlineData(false, 120)]
    [InlineData(true, 10)]
    public void Start_sets_the_deadline_once_and_the_first_check(bool awaiting, double firstCheckMinutes)
    {
        var state = TrackingState.Start("s", "PO", T0, awaiting, P);

        Assert.Equal(new TrackingState("s", "PO", T0, T0.AddDays(42), At(firstCheckMinutes), 0, 0, awaiting, 0, 0, null, false, TrackingPolicy.From(P)) { Version = TrackingState.CurrentVersion }, state);
    }

    /// <summary>now (min), outcome, consecutive errors before, Retry-After (min), expected next check (min), errors after.</summary>
    public static TheoryData<double, CheckOutcome, int, double?, double, int> ConfirmedCases => new()
    {
        { 120, CheckOutcome.Pending, 0, null, 360, 0 },
        { 120, CheckOutcome.Pending, 5, null, 360, 0 },          // a success resets the errors
        { 120, CheckOutcome.Error, 0, null, 135, 1 },            // 15 min
        { 120, CheckOutcome.Error, 1, null, 150, 2 },            // 30 min
        { 120, CheckOutcome.Error, 3, null, 240, 4 },            // 2 h
        { 120, CheckOutcome.Error, 6, null, 840, 7 },            // 16 h capped at 12 h
        { 120, CheckOutcome.Error, 40, null, 840, 41 },          // no overflow
        { 120, CheckOutcome.RateLimited, 0, null, 150, 0 },      // 30 min without Retry-After
        { 120, CheckOutcome.RateLimited, 2, 90, 210, 2 },        // Retry-After; errors neither counted nor reset
        { 120, CheckOutcome.Pending, 0, 420, 540, 0 },           // a Retry-After longer than the interval wins
        { 120, CheckOutcome.NotFound, 0, null, 135, 1 },         // "not found" of a confirmed PO is an error
        { 120, CheckOutcome.ProvenAbsent, 0, null, 135, 1 },
    };

    [Theory]
    [MemberData(nameof(ConfirmedCases))]
    public void A_confirmed_po_waits_the_interval_backs_off_on_errors_and_honours_retry_after(double now, CheckOutcome outcome, int errors, double? retryAfter, double next, int errorsAfter)
    {
        var state = Confirmed() with { ConsecutiveErrors = errors };

        var again = Again(state.After(Check(outcome, retryAfter is { } m ? TimeSpan.FromMinutes(m) : null), At(now)));

        Assert.Equal(At(next), again.Next.NextCheckAt);
        Assert.Equal(errorsAfter, again.Next.ConsecutiveErrors);
        Assert.Equal(1, again.Next.Checks);
        Assert.False(again.AskDealerToConfirm);
    }

    [Theory]
    [InlineData(CheckOutcome.Shipped)]
    [InlineData(CheckOutcome.Stopped)]
    public void Shipped_or_no_longer_tracked_ends(CheckOutcome outcome) =>
        Assert.Equal(new TrackingStep.Ended(outcome, outcome.ToString()), Confirmed().After(Check(outcome), At(120)));

    [Fact]
    public void At_or_past_the_deadline_it_stops_and_a_huge_retry_after_is_clamped_to_the_deadline()
    {
        Assert.IsType<TrackingStep.StopAtDeadline>(Confirmed().After(Check(CheckOutcome.Pending), Deadline));
        Assert.IsType<TrackingStep.StopAtDeadline>(Confirmed().After(Check(CheckOutcome.Error), Deadline.AddDays(3)));
        Assert.Equal(Deadline, Again(Confirmed().After(Check(CheckOutcome.RateLimited, TimeSpan.MaxValue), At(120))).Next.NextCheckAt);
        Assert.Equal(Deadline, Again(Confirmed().After(Check(CheckOutcome.Pending), Deadline.AddHours(-1))).Next.NextCheckAt);
    }

    [Fact]
    public void A_whole_run_of_pending_checks_ends_exactly_at_the_deadline()
    {
        var state = Confirmed();
        var checks = new List<DateTime>();
        while (true)
        {
            checks.Add(state.NextCheckAt);
            if (state.After(Check(CheckOutcome.Pending), state.NextCheckAt) is not TrackingStep.CheckAgain again) break;
            Assert.True(again.Next.NextCheckAt > state.NextCheckAt);
            state = again.Next;
        }

        Assert.Equal(253, checks.Count); // +2h, +6h ... +1006h, then the clamped +1008h
        Assert.Equal(Deadline, checks[^1]);
    }

    [Fact]
    public void Three_proofs_of_absence_over_twenty_minutes_declare_the_po_never_placed()
    {
        var s1 = Again(Unconfirmed().After(Check(CheckOutcome.ProvenAbsent), At(10)));
        Assert.Equal(At(20), s1.Next.NextCheckAt);
        var s2 = Again(s1.Next.After(Check(CheckOutcome.ProvenAbsent), At(20)));
        Assert.Equal((2, At(10)), (s2.Next.AbsenceProofs, s2.Next.FirstAbsenceProofAt!.Value));

        var never = Assert.IsType<TrackingStep.NeverPlaced>(s2.Next.After(Check(CheckOutcome.ProvenAbsent), At(30)));
        Assert.Contains("3 times over 20 min", never.Reason);
    }

    [Fact]
    public void Proofs_too_close_together_wait_for_the_span_and_unproven_answers_in_between_neither_count_nor_reset()
    {
        var policy = P with { AbsenceProofSpan = TimeSpan.FromMinutes(45) };
        var state = TrackingState.Start("s", "PO", T0, true, policy);
        var steps = new[] { (10, CheckOutcome.ProvenAbsent), (20, CheckOutcome.NotFound), (30, CheckOutcome.ProvenAbsent), (40, CheckOutcome.Error), (50, CheckOutcome.ProvenAbsent) };
        foreach (var (minute, outcome) in steps)
            state = Again(state.After(Check(outcome), At(minute))).Next;

        Assert.Equal(3, state.AbsenceProofs);
        Assert.IsType<TrackingStep.CheckAgain>(state.After(Check(CheckOutcome.RateLimited), At(54)));
        Assert.IsType<TrackingStep.NeverPlaced>(state.After(Check(CheckOutcome.ProvenAbsent), At(55)));
    }

    [Fact]
    public void Finding_the_order_confirms_it_and_forgets_earlier_proofs()
    {
        var s1 = Again(Unconfirmed().After(Check(CheckOutcome.ProvenAbsent), At(10))).Next;
        var found = Again(s1.After(Check(CheckOutcome.Pending), At(20))).Next;

        Assert.False(found.AwaitingConfirmation);
        Assert.Equal((0, (DateTime?)null, 0), (found.AbsenceProofs, found.FirstAbsenceProofAt, found.UnconfirmedLookups));
        Assert.Equal(At(20) + P.Interval, found.NextCheckAt);
        // From now on, not finding it is an error, never a proof.
        Assert.Equal(1, Again(found.After(Check(CheckOutcome.ProvenAbsent), At(260))).Next.ConsecutiveErrors);
    }

    [Theory]
    [InlineData(CheckOutcome.NotFound)]
    [InlineData(CheckOutcome.Error)]
    public void Answers_that_prove_nothing_ask_the_dealer_once_then_look_up_at_the_interval_and_never_release(CheckOutcome outcome)
    {
        var state = Unconfirmed();
        var asked = new List<bool>();
        for (var i = 0; i < 400 && state.After(Check(outcome), state.NextCheckAt) is TrackingStep.CheckAgain again; i++)
        {
            asked.Add(again.AskDealerToConfirm);
            state = again.Next with { DealerAsked = state.DealerAsked || again.AskDealerToConfirm };
        }

        Assert.Equal([false, false, true], asked.Take(3));
        Assert.Single(asked, a => a);
        Assert.IsType<TrackingStep.StopAtDeadline>(state.After(Check(outcome), state.NextCheckAt)); // never NeverPlaced
        if (outcome == CheckOutcome.NotFound)
            Assert.Equal(P.Interval, Again((Unconfirmed() with { DealerAsked = true }).After(Check(outcome), At(60))).Next.NextCheckAt - At(60));
    }

    [Fact]
    public void A_rate_limited_lookup_is_no_answer_for_reconciliation()
    {
        var again = Again(Unconfirmed().After(Check(CheckOutcome.RateLimited, TimeSpan.FromMinutes(5)), At(10)));

        Assert.Equal(0, again.Next.UnconfirmedLookups);
        Assert.True(again.Next.AwaitingConfirmation);
        Assert.Equal(At(15), again.Next.NextCheckAt);
    }

    [Fact]
    public void Whether_the_po_awaits_confirmation_is_what_the_check_read_on_the_po_and_the_state_only_stands_in_when_it_read_nothing()
    {
        // The order was found (the PO is Open now) but telling the customer failed: the check reads as an error, yet the PO
        // is confirmed, so a later "not found" is an error of a confirmed PO, never a proof of absence.
        var found = new CheckResult(CheckOutcome.Pending, ["1Z"], null, null) { AwaitsConfirmation = false };
        var confirmed = Again(Unconfirmed().After(found.NotifyFailed(), At(10))).Next;
        Assert.False(confirmed.AwaitingConfirmation);
        var absent = Again(confirmed.After(Check(CheckOutcome.ProvenAbsent) with { AwaitsConfirmation = false }, At(30))).Next;
        Assert.Equal((0, 2), (absent.AbsenceProofs, absent.ConsecutiveErrors));

        // A PO the state still calls unconfirmed but the check read as confirmed is judged by the PO.
        Assert.Equal(0, Again(Unconfirmed().After(Check(CheckOutcome.ProvenAbsent) with { AwaitsConfirmation = false }, At(10))).Next.AbsenceProofs);
        // A check that could not read the PO (its activity failed) leaves the state's copy standing.
        Assert.True(Again(Unconfirmed().After(Check(CheckOutcome.Error), At(10))).Next.AwaitingConfirmation);
        Assert.Equal(1, Again(Unconfirmed().After(Check(CheckOutcome.ProvenAbsent) with { AwaitsConfirmation = true }, At(10))).Next.AbsenceProofs);
    }

    [Fact]
    public void A_failed_notification_checks_again_as_after_an_error()
    {
        var shipped = new CheckResult(CheckOutcome.Shipped, ["1Z"], null, null);

        Assert.Equal(At(135), Again(Confirmed().After(shipped.NotifyFailed(), At(120))).Next.NextCheckAt);
    }

    [Fact]
    public void Settings_bind_from_the_tracking_section_and_bad_ones_fail_at_start_naming_the_setting()
    {
        TrackingOptions Bind(params (string Key, string Value)[] values)
        {
            var services = new ServiceCollection();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();
            services.AddSettings<TrackingOptions>(configuration, TrackingOptions.Section, TrackingOptions.Problems);
            return services.BuildServiceProvider().GetRequiredService<IOptions<TrackingOptions>>().Value;
        }

        Assert.Equal(P, Bind());
        Assert.Equal(P with { Interval = TimeSpan.FromHours(1), DeadlineDays = 0.5, AbsenceProofs = 5 },
            Bind(("Tracking:Interval", "01:00:00"), ("Tracking:DeadlineDays", "0.5"), ("Tracking:AbsenceProofs", "5")));
        Assert.Contains("Tracking:Interval", Assert.Throws<OptionsValidationException>(() => Bind(("Tracking:Interval", "00:00:00"))).Message);
        Assert.Contains("Tracking:DeadlineDays", Assert.Throws<OptionsValidationException>(() => Bind(("Tracking:DeadlineDays", "-1"))).Message);
        Assert.Contains("Tracking:MaxErrorBackoff", Assert.Throws<OptionsValidationException>(() => Bind(("Tracking:MaxErrorBackoff", "00:01:00"))).Message);
        Assert.Contains("Tracking:Interval", Assert.Throws<InvalidOperationException>(() => Bind(("Tracking:Interval", "soon"))).Message);
    }
}
