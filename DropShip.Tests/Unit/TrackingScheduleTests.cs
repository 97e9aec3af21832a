using DropShip.Core.Tracking;

namespace DropShip.Tests.Unit;

/// <summary>The monitor's schedule, table-driven. Times are minutes after a fixed UTC submission.</summary>
public sealed class TrackingScheduleTests
{
    private static readonly DateTime T0 = new(2025, 3, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TrackingPolicy P = TrackingPolicy.Default;
    private static readonly DateTime Deadline = T0 + P.Deadline;

    private static DateTime At(double minutes) => T0.AddMinutes(minutes);

    private static TimeSpan? Minutes(double? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;

    [Fact]
    public void Default_policy_is_the_documented_one()
    {
        Assert.Equal(TimeSpan.FromHours(2), P.FirstCheckAfter);
        Assert.Equal(TimeSpan.FromHours(4), P.Interval);
        Assert.Equal(TimeSpan.FromMinutes(15), P.FirstErrorBackoff);
        Assert.Equal(TimeSpan.FromHours(12), P.MaxErrorBackoff);
        Assert.Equal(TimeSpan.FromMinutes(30), P.RateLimitWait);
        Assert.Equal(TimeSpan.FromMinutes(10), P.ReconcileInterval);
        Assert.Equal(3, P.ReconcileAttempts);
        Assert.Equal(TimeSpan.FromDays(42), P.Deadline);
    }

    [Theory]
    [InlineData(false, 120)]
    [InlineData(true, 10)]
    public void FirstCheck_is_first_check_after_for_a_confirmed_po_and_reconcile_interval_for_an_unconfirmed_one(bool unconfirmed, double expectedMinutes)
    {
        Assert.Equal(At(expectedMinutes), TrackingSchedule.FirstCheck(T0, unconfirmed, P));
    }

    [Theory]
    [InlineData(false, 45)]
    [InlineData(true, 3)]
    public void FirstCheck_uses_the_policy_it_is_given(bool unconfirmed, double expectedMinutes)
    {
        var policy = P with { FirstCheckAfter = TimeSpan.FromMinutes(45), ReconcileInterval = TimeSpan.FromMinutes(3) };
        Assert.Equal(At(expectedMinutes), TrackingSchedule.FirstCheck(T0, unconfirmed, policy));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Start_sets_the_deadline_once_from_submission_and_the_first_check(bool unconfirmed)
    {
        var state = TrackingState.Start("s", "PO", T0, unconfirmed, P);

        Assert.Equal(new TrackingState("s", "PO", T0, T0.AddDays(42), TrackingSchedule.FirstCheck(T0, unconfirmed, P), 0, 0, 0, P), state);
    }

    /// <summary>now (min), last check, consecutive errors, Retry-After (min), expected next check (min).</summary>
    public static TheoryData<double, LastCheck, int, double?, double> NextCases => new()
    {
        // Ok: the interval, whatever the error count says.
        { 120, LastCheck.Ok, 0, null, 360 },
        { 120, LastCheck.Ok, 5, null, 360 },
        // NotFoundYet: the reconcile interval.
        { 10, LastCheck.NotFoundYet, 0, null, 20 },
        { 10, LastCheck.NotFoundYet, 2, null, 20 },
        // RateLimited: Retry-After when given and positive, else RateLimitWait; errors do not matter.
        { 120, LastCheck.RateLimited, 0, 90, 210 },
        { 120, LastCheck.RateLimited, 0, 5, 125 },
        { 120, LastCheck.RateLimited, 0, null, 150 },
        { 120, LastCheck.RateLimited, 4, null, 150 },
        { 120, LastCheck.RateLimited, 0, 0, 150 },
        { 120, LastCheck.RateLimited, 0, -10, 150 },
        // Error: 15 min doubling per consecutive error (0 counts as the first), capped at 12 h.
        { 120, LastCheck.Error, 0, null, 135 },
        { 120, LastCheck.Error, 1, null, 135 },
        { 120, LastCheck.Error, 2, null, 150 },
        { 120, LastCheck.Error, 3, null, 180 },
        { 120, LastCheck.Error, 4, null, 240 },
        { 120, LastCheck.Error, 5, null, 360 },
        { 120, LastCheck.Error, 6, null, 600 },
        { 120, LastCheck.Error, 7, null, 840 },
        { 120, LastCheck.Error, 8, null, 840 },
        { 120, LastCheck.Error, 1000, null, 840 },
        { 120, LastCheck.Error, int.MaxValue, null, 840 },
        // A Retry-After longer than the computed wait wins, whatever the last check was...
        { 120, LastCheck.Ok, 0, 300, 420 },
        { 120, LastCheck.NotFoundYet, 0, 60, 180 },
        { 120, LastCheck.Error, 1, 60, 180 },
        { 120, LastCheck.Error, 7, 900, 1020 },
        // ...and a shorter one never shortens it.
        { 120, LastCheck.Ok, 0, 30, 360 },
        { 120, LastCheck.NotFoundYet, 0, 5, 130 },
        { 120, LastCheck.Error, 3, 30, 180 },
        // Zero or negative Retry-After is ignored.
        { 120, LastCheck.Ok, 0, 0, 360 },
        { 120, LastCheck.Ok, 0, -600, 360 },
        { 120, LastCheck.Error, 2, -1, 150 },
        { 120, LastCheck.NotFoundYet, 0, 0, 130 },
    };

    [Theory]
    [MemberData(nameof(NextCases))]
    public void Next_waits_as_the_last_check_implies(double now, LastCheck last, int errors, double? retryAfter, double expected)
    {
        var decision = TrackingSchedule.Next(At(now), Deadline, last, errors, Minutes(retryAfter), P);

        Assert.Equal(new TrackingDecision.CheckAt(At(expected)), decision);
    }

    [Fact]
    public void Next_covers_every_last_check_value()
    {
        var covered = NextCases.Select(row => (LastCheck)row[1]).ToHashSet();
        Assert.Equal(Enum.GetValues<LastCheck>().ToHashSet(), covered);
    }

    public static TheoryData<LastCheck, int, double?> EveryKindOfCheck()
    {
        var data = new TheoryData<LastCheck, int, double?>();
        foreach (var last in Enum.GetValues<LastCheck>())
            foreach (var errors in new[] { 0, 1, 9 })
                foreach (var retryAfter in new double?[] { null, 0, 45, 60 * 24 * 100 })
                    data.Add(last, errors, retryAfter);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryKindOfCheck))]
    public void Next_is_never_past_the_deadline_and_is_clamped_exactly_to_it(LastCheck last, int errors, double? retryAfter)
    {
        foreach (var minutesBefore in new[] { 1.0, 10, 29, 60 * 11.5 })
        {
            var now = Deadline.AddMinutes(-minutesBefore);
            var decision = Assert.IsType<TrackingDecision.CheckAt>(TrackingSchedule.Next(now, Deadline, last, errors, Minutes(retryAfter), P));
            Assert.True(decision.When <= Deadline, $"{decision.When:O} is past the deadline");
            Assert.True(decision.When > now);
        }

        // One minute before the deadline every wait here is longer than a minute: exactly the deadline.
        Assert.Equal(new TrackingDecision.CheckAt(Deadline), TrackingSchedule.Next(Deadline.AddMinutes(-1), Deadline, last, errors, Minutes(retryAfter), P));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.001)]
    [InlineData(1)]
    [InlineData(60 * 24 * 365)]
    public void Next_stops_at_and_after_the_deadline(double minutesAfter)
    {
        foreach (var last in Enum.GetValues<LastCheck>())
            Assert.IsType<TrackingDecision.Stop>(TrackingSchedule.Next(Deadline.AddMinutes(minutesAfter), Deadline, last, 0, null, P));
    }

    [Fact]
    public void Next_just_before_the_deadline_still_checks_once_more_at_the_deadline()
    {
        var justBefore = Deadline.AddTicks(-1);
        Assert.Equal(new TrackingDecision.CheckAt(Deadline), TrackingSchedule.Next(justBefore, Deadline, LastCheck.Ok, 0, null, P));
    }

    [Fact]
    public void Next_landing_exactly_on_the_deadline_is_not_moved()
    {
        var now = Deadline - P.Interval;
        Assert.Equal(new TrackingDecision.CheckAt(Deadline), TrackingSchedule.Next(now, Deadline, LastCheck.Ok, 0, null, P));
    }

    [Fact]
    public void A_huge_retry_after_is_clamped_to_the_deadline_instead_of_overflowing()
    {
        // Retry-After comes from a distributor's header; a silly value must not throw inside the orchestrator.
        var decision = TrackingSchedule.Next(At(120), Deadline, LastCheck.RateLimited, 0, TimeSpan.MaxValue, P);

        Assert.Equal(new TrackingDecision.CheckAt(Deadline), decision);
    }

    [Theory]
    [InlineData(-5, 15)]
    [InlineData(0, 15)]
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 60)]
    [InlineData(4, 120)]
    [InlineData(5, 240)]
    [InlineData(6, 480)]
    [InlineData(7, 720)]
    [InlineData(8, 720)]
    [InlineData(21, 720)]
    [InlineData(22, 720)]
    [InlineData(63, 720)]
    [InlineData(64, 720)]
    [InlineData(int.MaxValue, 720)]
    public void ErrorBackoff_doubles_from_15_minutes_and_is_capped_at_12_hours(int consecutiveErrors, double expectedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), TrackingSchedule.ErrorBackoff(consecutiveErrors, P));
    }

    [Fact]
    public void ErrorBackoff_never_decreases_as_errors_add_up()
    {
        var previous = TimeSpan.Zero;
        for (var errors = 0; errors <= 200; errors++)
        {
            var backoff = TrackingSchedule.ErrorBackoff(errors, P);
            Assert.InRange(backoff, previous, P.MaxErrorBackoff);
            previous = backoff;
        }
    }

    [Theory]
    [InlineData(60 * 24 * 7.0)] // a week
    [InlineData(60 * 24 * 365.0)] // a year
    public void ErrorBackoff_respects_a_larger_max(double maxMinutes)
    {
        var policy = P with { MaxErrorBackoff = TimeSpan.FromMinutes(maxMinutes) };
        Assert.Equal(TimeSpan.FromMinutes(15 * 512), TrackingSchedule.ErrorBackoff(10, policy));
        Assert.Equal(TimeSpan.FromMinutes(maxMinutes), TrackingSchedule.ErrorBackoff(1000, policy));
    }

    [Fact]
    public void A_whole_run_of_ok_checks_ends_exactly_at_the_deadline()
    {
        var at = TrackingSchedule.FirstCheck(T0, unconfirmed: false, P);
        var checks = new List<DateTime> { at };
        while (TrackingSchedule.Next(at, Deadline, LastCheck.Ok, 0, null, P) is TrackingDecision.CheckAt next)
        {
            Assert.True(next.When > at);
            checks.Add(at = next.When);
        }

        Assert.Equal(253, checks.Count); // +2h, +6h ... +1006h, then the clamped +1008h
        Assert.Equal(Deadline, checks[^1]);
    }

    public static TheoryData<string, TrackingOptions, TrackingPolicy> OptionCases => new()
    {
        { "nothing set", new TrackingOptions(), P },
        { "deadline days", new TrackingOptions { DeadlineDays = 30 }, P with { Deadline = TimeSpan.FromDays(30) } },
        { "fractional deadline days", new TrackingOptions { DeadlineDays = 0.5 }, P with { Deadline = TimeSpan.FromHours(12) } },
        { "first check", new TrackingOptions { FirstCheckAfter = TimeSpan.FromMinutes(30) }, P with { FirstCheckAfter = TimeSpan.FromMinutes(30) } },
        { "interval", new TrackingOptions { Interval = TimeSpan.FromHours(1) }, P with { Interval = TimeSpan.FromHours(1) } },
        { "max error backoff", new TrackingOptions { MaxErrorBackoff = TimeSpan.FromHours(2) }, P with { MaxErrorBackoff = TimeSpan.FromHours(2) } },
        { "reconcile attempts", new TrackingOptions { ReconcileAttempts = 7 }, P with { ReconcileAttempts = 7 } },
        { "reconcile interval", new TrackingOptions { ReconcileInterval = TimeSpan.FromMinutes(2) }, P with { ReconcileInterval = TimeSpan.FromMinutes(2) } },
        {
            "everything",
            new TrackingOptions
            {
                DeadlineDays = 14, FirstCheckAfter = TimeSpan.FromMinutes(5), Interval = TimeSpan.FromMinutes(20), MaxErrorBackoff = TimeSpan.FromHours(1),
                ReconcileAttempts = 1, ReconcileInterval = TimeSpan.FromMinutes(1),
            },
            new TrackingPolicy(
                FirstCheckAfter: TimeSpan.FromMinutes(5), Interval: TimeSpan.FromMinutes(20), FirstErrorBackoff: P.FirstErrorBackoff,
                MaxErrorBackoff: TimeSpan.FromHours(1), RateLimitWait: P.RateLimitWait, ReconcileInterval: TimeSpan.FromMinutes(1),
                ReconcileAttempts: 1, Deadline: TimeSpan.FromDays(14))
        },
    };

    [Theory]
    [MemberData(nameof(OptionCases))]
    public void TrackingOptions_ToPolicy_overrides_only_what_is_set(string name, TrackingOptions options, TrackingPolicy expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, options.ToPolicy());
    }

    [Fact]
    public void ToPolicy_does_not_touch_the_default()
    {
        _ = new TrackingOptions { Interval = TimeSpan.FromMinutes(1), DeadlineDays = 1 }.ToPolicy();
        Assert.Equal(TimeSpan.FromHours(4), TrackingPolicy.Default.Interval);
        Assert.Equal(TimeSpan.FromDays(42), TrackingPolicy.Default.Deadline);
    }

    [Fact]
    public void An_overridden_policy_drives_the_schedule()
    {
        var policy = new TrackingOptions { Interval = TimeSpan.FromHours(1), DeadlineDays = 1 }.ToPolicy();
        var deadline = T0 + policy.Deadline;

        Assert.Equal(new TrackingDecision.CheckAt(At(180)), TrackingSchedule.Next(At(120), deadline, LastCheck.Ok, 0, null, policy));
        Assert.Equal(new TrackingDecision.CheckAt(deadline), TrackingSchedule.Next(deadline.AddMinutes(-30), deadline, LastCheck.Ok, 0, null, policy));
        Assert.IsType<TrackingDecision.Stop>(TrackingSchedule.Next(deadline, deadline, LastCheck.Ok, 0, null, policy));
    }
}
