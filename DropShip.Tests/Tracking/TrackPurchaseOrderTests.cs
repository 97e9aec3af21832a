using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Moq;

namespace DropShip.Tests.Tracking;

/// <summary>
/// The tracking monitor driven through virtual time with a strict mock of <see cref="TaskOrchestrationContext"/>:
/// each execution gets the state the previous one passed to ContinueAsNew, timers move the virtual clock, and the
/// CheckShipment results are scripted per call. Nothing here waits on a real clock.
/// </summary>
public sealed class TrackPurchaseOrderTests
{
    private const string Store = "store-1";
    private const string Po = "PO-1001";
    private static readonly DateTime Submitted = new(2025, 3, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TrackingPolicy Policy = TrackingPolicy.Default;
    private static readonly DateTime Deadline = Submitted + TimeSpan.FromDays(42);

    private static TrackingState ConfirmedStart() => TrackingState.Start(Store, Po, Submitted, unconfirmed: false, Policy);

    private static CheckShipmentResult Result(CheckOutcome outcome, TimeSpan? retryAfter = null, params string[] pending) =>
        new(outcome, pending, retryAfter, outcome.ToString());

    private static TaskFailedException ActivityFailure(string message) =>
        new(nameof(TrackingActivities.CheckShipment), 7, new TaskFailureDetails("System.Net.Http.HttpRequestException", message, null, null, null));

    [Fact]
    public void Shipped_on_the_third_check_notifies_its_tracking_numbers_then_completes_without_continuing()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => n < 3
            ? Result(CheckOutcome.Pending)
            : Result(CheckOutcome.Shipped, null, "1Z999AA10123456784", "1Z999AA10123456785"));

        driver.RunToCompletion();

        Assert.Equal(3, driver.Executions);
        Assert.Equal([Submitted.AddHours(2), Submitted.AddHours(6), Submitted.AddHours(10)], driver.CheckTimes);
        Assert.Equal(
            [nameof(TrackingActivities.CheckShipment), nameof(TrackingActivities.CheckShipment), nameof(TrackingActivities.CheckShipment), nameof(TrackingActivities.NotifyShipment)],
            driver.Calls.Select(c => c.Name));

        var notify = driver.Calls[^1];
        var input = Assert.IsType<NotifyShipmentInput>(notify.Input);
        Assert.Equal(Store, input.StoreId);
        Assert.Equal(Po, input.PoNumber);
        Assert.Equal(["1Z999AA10123456784", "1Z999AA10123456785"], input.TrackingNumbers);
        Assert.Equal(Submitted.AddHours(10), notify.At);

        // Two waits, two ContinueAsNew; the shipped execution ends without one.
        Assert.Equal(2, driver.ContinuedWith.Count);
        Assert.Equal(3, driver.ContinueAsNewCallsByExecution.Count);
        Assert.Equal([1, 1, 0], driver.ContinueAsNewCallsByExecution);
        driver.Context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Exactly(2));
        Assert.DoesNotContain(driver.Calls, c => c.Name == nameof(TrackingActivities.StopTracking));
    }

    [Fact]
    public void Checks_happen_two_hours_after_submission_then_every_four_hours()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => n < 10 ? Result(CheckOutcome.Pending) : Result(CheckOutcome.Shipped));

        driver.RunToCompletion();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => Submitted.AddHours(2 + 4 * i)), driver.CheckTimes);
        Assert.All(driver.Calls.Where(c => c.Name == nameof(TrackingActivities.CheckShipment)),
            c => Assert.Equal(new CheckShipmentInput(Store, Po, 0, Policy.ReconcileAttempts), c.Input));
        // Every execution that waited armed exactly one timer, for the state's NextCheckAt.
        Assert.Equal(driver.CheckTimes, driver.Timers.Select(t => t.FireAt));
    }

    [Fact]
    public void Never_shipped_stops_exactly_at_the_deadline_after_the_number_of_checks_the_schedule_implies()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (_, _) => Result(CheckOutcome.Pending));

        driver.RunToCompletion();

        // Checks at +2h, +6h, ... +1006h (252 of them), then the next (+1010h) is clamped to the deadline (+1008h): 253.
        const int expectedChecks = 253;
        Assert.Equal(expectedChecks, driver.Executions);
        Assert.Equal(expectedChecks, driver.CheckTimes.Count);
        Assert.Equal(expectedChecks - 1, driver.ContinuedWith.Count);
        Assert.Equal(Submitted.AddHours(1006), driver.CheckTimes[^2]);
        Assert.Equal(Deadline, driver.CheckTimes[^1]);
        Assert.All(driver.CheckTimes, t => Assert.True(t <= Deadline));

        // The schedule alone implies the same number of checks.
        var implied = 1;
        for (var at = ConfirmedStart().NextCheckAt; TrackingSchedule.Next(at, Deadline, LastCheck.Ok, 0, null, Policy) is TrackingDecision.CheckAt next; at = next.When)
            implied++;
        Assert.Equal(implied, driver.Executions);

        // StopTracking once, last, at the deadline, with the right input; no check after it.
        var stop = Assert.Single(driver.Calls, c => c.Name == nameof(TrackingActivities.StopTracking));
        Assert.Same(stop, driver.Calls[^1]);
        Assert.Equal(new StopTrackingInput(Store, Po), stop.Input);
        Assert.Equal(Deadline, stop.At);
        Assert.Same(TrackPurchaseOrder.ActivityRetry, stop.Options);
        Assert.DoesNotContain(driver.Calls, c => c.Name == nameof(TrackingActivities.NotifyShipment));
        Assert.Equal(expectedChecks - 1, driver.ContinuedWith[^1].Checks);
        Assert.Equal(Deadline, driver.ContinuedWith[^1].NextCheckAt);

        // Each cycle continued as new exactly once, with the next check 4 h on (the last one clamped to the deadline).
        var start = ConfirmedStart();
        for (var k = 1; k < expectedChecks; k++)
        {
            var nextAt = Submitted.AddHours(2 + 4 * k);
            var expected = start with { NextCheckAt = nextAt < Deadline ? nextAt : Deadline, Checks = k };
            driver.Context.Verify(c => c.ContinueAsNew(expected, true), Times.Once());
        }
        driver.Context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Exactly(expectedChecks - 1));
    }

    [Fact]
    public void Mixed_outcomes_over_six_weeks_still_end_exactly_at_the_deadline()
    {
        // A distributor that errors, rate limits and answers in turn, and never ships.
        CheckShipmentResult Script(int n, CheckShipmentInput _) => (n % 7) switch
        {
            0 => Result(CheckOutcome.RateLimited, TimeSpan.FromHours(5)),
            1 or 2 or 3 => Result(CheckOutcome.Error),
            4 => throw ActivityFailure("boom"),
            5 => Result(CheckOutcome.RateLimited),
            _ => Result(CheckOutcome.Pending),
        };
        var driver = new MonitorDriver(ConfirmedStart(), Script);

        driver.RunToCompletion();

        Assert.Equal(Deadline, driver.CheckTimes[^1]);
        Assert.All(driver.CheckTimes.Zip(driver.CheckTimes.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second:O} is not after {pair.First:O}"));
        Assert.All(driver.CheckTimes, t => Assert.True(t <= Deadline));
        Assert.Single(driver.Calls, c => c.Name == nameof(TrackingActivities.StopTracking));
        Assert.Equal(nameof(TrackingActivities.StopTracking), driver.Calls[^1].Name);
        Assert.Contains(driver.ContinuedWith, s => s.ConsecutiveErrors >= 4); // the error backoff really was exercised
        Assert.Equal(driver.Executions, driver.CheckTimes.Count);
    }

    [Fact]
    public void Rate_limited_with_retry_after_waits_that_long_and_without_it_waits_the_policy_rate_limit_wait()
    {
        var script = new[]
        {
            Result(CheckOutcome.RateLimited, TimeSpan.FromMinutes(90)),
            Result(CheckOutcome.RateLimited),
            Result(CheckOutcome.RateLimited, TimeSpan.FromHours(7)), // longer than the 4 h interval too
            Result(CheckOutcome.Pending),
            Result(CheckOutcome.Shipped),
        };
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => script[n - 1]);

        driver.RunToCompletion();

        var first = Submitted.AddHours(2);
        Assert.Equal(
            [first, first.AddMinutes(90), first.AddMinutes(90) + Policy.RateLimitWait, first.AddMinutes(120).AddHours(7), first.AddMinutes(120).AddHours(11)],
            driver.CheckTimes);
        Assert.All(driver.ContinuedWith, s => Assert.Equal(0, s.ConsecutiveErrors));
    }

    [Fact]
    public void Rate_limiting_neither_counts_as_nor_resets_consecutive_errors()
    {
        var script = new[] { Result(CheckOutcome.Error), Result(CheckOutcome.RateLimited), Result(CheckOutcome.Error), Result(CheckOutcome.Shipped) };
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => script[n - 1]);

        driver.RunToCompletion();

        Assert.Equal([1, 1, 2], driver.ContinuedWith.Select(s => s.ConsecutiveErrors));
        var t = driver.CheckTimes;
        Assert.Equal(TimeSpan.FromMinutes(15), t[1] - t[0]);
        Assert.Equal(Policy.RateLimitWait, t[2] - t[1]);
        Assert.Equal(TimeSpan.FromMinutes(30), t[3] - t[2]);
    }

    [Fact]
    public void Errors_back_off_15m_30m_1h_doubling_capped_at_12h_and_reset_after_a_success()
    {
        var outcomes = new[]
        {
            CheckOutcome.Error, CheckOutcome.Error, CheckOutcome.Error, CheckOutcome.Error, CheckOutcome.Error,
            CheckOutcome.Error, CheckOutcome.Error, CheckOutcome.Error, CheckOutcome.Pending, CheckOutcome.Error, CheckOutcome.Shipped,
        };
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => Result(outcomes[n - 1]));

        driver.RunToCompletion();

        var gaps = driver.CheckTimes.Zip(driver.CheckTimes.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(
            [
                TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4),
                TimeSpan.FromHours(8), TimeSpan.FromHours(12), TimeSpan.FromHours(12), // 16 h capped, then still capped
                Policy.Interval,                                                     // after the success
                TimeSpan.FromMinutes(15),                                           // the count restarted
            ],
            gaps);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 0, 1], driver.ContinuedWith.Select(s => s.ConsecutiveErrors));
    }

    [Fact]
    public void Check_now_event_short_circuits_the_timer_and_cancels_it()
    {
        var eventAt = Submitted.AddHours(6).AddMinutes(17); // while waiting for the +10h check
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => n < 4 ? Result(CheckOutcome.Pending) : Result(CheckOutcome.Shipped));
        driver.CheckNowAt[2] = eventAt; // execution 3 waits from +6h for +10h

        driver.RunToCompletion();

        Assert.Equal([Submitted.AddHours(2), Submitted.AddHours(6), eventAt, eventAt.AddHours(4)], driver.CheckTimes);

        var lostTimer = driver.Timers[2];
        Assert.Equal(Submitted.AddHours(10), lostTimer.FireAt);
        Assert.True(lostTimer.Token.IsCancellationRequested, "the timer that lost the race must be cancelled");
        Assert.True(lostTimer.Task.IsCanceled);
        // The next check is scheduled from the event's time, not the timer's.
        Assert.Equal(eventAt.AddHours(4), driver.ContinuedWith[2].NextCheckAt);

        var eventWait = driver.EventWaits[2];
        Assert.Equal(TrackingInstance.CheckNowEvent, eventWait.Name);
        Assert.True(eventWait.Token.IsCancellationRequested);
    }

    [Fact]
    public void When_the_timer_wins_the_check_now_wait_is_cancelled()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => n < 2 ? Result(CheckOutcome.Pending) : Result(CheckOutcome.Shipped));

        driver.RunToCompletion();

        Assert.Equal(2, driver.EventWaits.Count);
        Assert.All(driver.EventWaits, w =>
        {
            Assert.Equal(TrackingInstance.CheckNowEvent, w.Name);
            Assert.True(w.Token.IsCancellationRequested, "the event wait that lost the race must be cancelled");
            Assert.True(w.Task.IsCanceled);
        });
    }

    [Fact]
    public void A_check_already_due_runs_at_once_without_a_timer()
    {
        var late = ConfirmedStart();
        var driver = new MonitorDriver(late, (_, _) => Result(CheckOutcome.Shipped)) { Now = late.NextCheckAt.AddMinutes(3) };

        driver.RunToCompletion();

        Assert.Empty(driver.Timers);
        Assert.Empty(driver.EventWaits);
        Assert.Equal([late.NextCheckAt.AddMinutes(3)], driver.CheckTimes);
    }

    [Fact]
    public void Continues_as_new_after_each_wait_with_the_expected_state()
    {
        var script = new[]
        {
            Result(CheckOutcome.Pending), Result(CheckOutcome.Error), Result(CheckOutcome.RateLimited, TimeSpan.FromMinutes(45)),
            Result(CheckOutcome.Error), Result(CheckOutcome.Pending), Result(CheckOutcome.Shipped),
        };
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => script[n - 1]);

        driver.RunToCompletion();

        var s0 = ConfirmedStart();
        var t1 = Submitted.AddHours(2);
        var s1 = s0 with { NextCheckAt = t1.AddHours(4), Checks = 1 };
        var s2 = s1 with { NextCheckAt = s1.NextCheckAt.AddMinutes(15), Checks = 2, ConsecutiveErrors = 1 };
        var s3 = s2 with { NextCheckAt = s2.NextCheckAt.AddMinutes(45), Checks = 3, ConsecutiveErrors = 1 };
        var s4 = s3 with { NextCheckAt = s3.NextCheckAt.AddMinutes(30), Checks = 4, ConsecutiveErrors = 2 };
        var s5 = s4 with { NextCheckAt = s4.NextCheckAt.AddHours(4), Checks = 5, ConsecutiveErrors = 0 };

        foreach (var expected in new[] { s1, s2, s3, s4, s5 })
            driver.Context.Verify(c => c.ContinueAsNew(expected, true), Times.Once());
        driver.Context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Exactly(5));
        Assert.Equal([s1, s2, s3, s4, s5], driver.ContinuedWith);
        Assert.Equal([s0, s1, s2, s3, s4, s5], driver.Inputs);
        // The deadline and the policy travel unchanged.
        Assert.All(driver.ContinuedWith, s => { Assert.Equal(Deadline, s.Deadline); Assert.Equal(Policy, s.Policy); Assert.Equal(Submitted, s.SubmittedAt); });
    }

    [Fact]
    public void Unconfirmed_start_reconciles_every_reconcile_interval_counting_not_found_until_failed()
    {
        var start = TrackingState.Start(Store, Po, Submitted, unconfirmed: true, Policy);
        // Like ShipmentTracker: NotFoundYet until the reconcile attempts are used up, then Failed.
        var driver = new MonitorDriver(start, (_, input) => input.NotFoundSoFar + 1 >= input.ReconcileAttempts
            ? Result(CheckOutcome.Failed)
            : Result(CheckOutcome.NotFoundYet));

        driver.RunToCompletion();

        Assert.Equal(Submitted + Policy.ReconcileInterval, start.NextCheckAt);
        Assert.Equal([Submitted.AddMinutes(10), Submitted.AddMinutes(20), Submitted.AddMinutes(30)], driver.CheckTimes);
        Assert.Equal(
            [new CheckShipmentInput(Store, Po, 0, 3), new CheckShipmentInput(Store, Po, 1, 3), new CheckShipmentInput(Store, Po, 2, 3)],
            driver.Calls.Select(c => c.Input));
        Assert.Equal([1, 2], driver.ContinuedWith.Select(s => s.NotFoundCount));
        var afterFirst = start with { NextCheckAt = Submitted.AddMinutes(20), Checks = 1, NotFoundCount = 1 };
        var afterSecond = start with { NextCheckAt = Submitted.AddMinutes(30), Checks = 2, NotFoundCount = 2 };
        driver.Context.Verify(c => c.ContinueAsNew(afterFirst, true), Times.Once());
        driver.Context.Verify(c => c.ContinueAsNew(afterSecond, true), Times.Once());
        // Failed ends it: no ContinueAsNew, no StopTracking, no notification.
        Assert.Equal([1, 1, 0], driver.ContinueAsNewCallsByExecution);
        Assert.All(driver.Calls, c => Assert.Equal(nameof(TrackingActivities.CheckShipment), c.Name));
    }

    [Fact]
    public void Unconfirmed_po_found_after_reconciling_switches_to_the_normal_interval_and_keeps_its_not_found_count()
    {
        var start = TrackingState.Start(Store, Po, Submitted, unconfirmed: true, Policy);
        var script = new[] { Result(CheckOutcome.NotFoundYet), Result(CheckOutcome.Error), Result(CheckOutcome.Pending), Result(CheckOutcome.Shipped) };
        var driver = new MonitorDriver(start, (n, _) => script[n - 1]);

        driver.RunToCompletion();

        Assert.Equal(
            [Submitted.AddMinutes(10), Submitted.AddMinutes(20), Submitted.AddMinutes(35), Submitted.AddMinutes(35).AddHours(4)],
            driver.CheckTimes);
        Assert.Equal([1, 1, 1], driver.ContinuedWith.Select(s => s.NotFoundCount));
        Assert.Equal([0, 1, 1, 1], driver.Calls.Select(c => ((CheckShipmentInput)c.Input!).NotFoundSoFar));
    }

    [Theory]
    [InlineData(CheckOutcome.Shipped)]
    [InlineData(CheckOutcome.Failed)]
    [InlineData(CheckOutcome.Stopped)]
    public void Terminal_outcomes_end_the_orchestration_without_continuing_or_stopping(CheckOutcome outcome)
    {
        var driver = new MonitorDriver(ConfirmedStart(), (_, _) => Result(outcome));

        driver.RunToCompletion();

        Assert.Equal(1, driver.Executions);
        Assert.Empty(driver.ContinuedWith);
        var only = Assert.Single(driver.Calls);
        Assert.Equal(nameof(TrackingActivities.CheckShipment), only.Name);
        var log = Assert.Single(driver.Logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Contains(outcome.ToString(), log.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_failed_check_activity_is_treated_as_an_error_and_rescheduled(bool faultedTask)
    {
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => n switch
        {
            1 or 2 => throw ActivityFailure("distributor unreachable"),
            3 => Result(CheckOutcome.Pending),
            _ => Result(CheckOutcome.Shipped),
        }) { FailChecksAsFaultedTasks = faultedTask };

        driver.RunToCompletion(); // would throw if the orchestration failed

        var t1 = Submitted.AddHours(2);
        Assert.Equal([t1, t1.AddMinutes(15), t1.AddMinutes(45), t1.AddMinutes(45).AddHours(4)], driver.CheckTimes);
        Assert.Equal([1, 2, 0], driver.ContinuedWith.Select(s => s.ConsecutiveErrors));
        Assert.Equal([1, 2, 3], driver.ContinuedWith.Select(s => s.Checks));
    }

    [Fact]
    public void A_partial_shipment_notifies_and_keeps_tracking()
    {
        var script = new[]
        {
            Result(CheckOutcome.Pending, null, "1ZFIRST0000000001"),
            Result(CheckOutcome.Pending),
            Result(CheckOutcome.Shipped, null, "1ZSECOND000000002"),
        };
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => script[n - 1]);

        driver.RunToCompletion();

        var notifications = driver.Calls.Where(c => c.Name == nameof(TrackingActivities.NotifyShipment)).ToList();
        Assert.Equal(2, notifications.Count);
        Assert.Equal(["1ZFIRST0000000001"], ((NotifyShipmentInput)notifications[0].Input!).TrackingNumbers);
        Assert.Equal(Submitted.AddHours(2), notifications[0].At);
        Assert.Equal(["1ZSECOND000000002"], ((NotifyShipmentInput)notifications[1].Input!).TrackingNumbers);
        Assert.Equal(Submitted.AddHours(10), notifications[1].At);
        Assert.Equal([0, 0], driver.ContinuedWith.Select(s => s.ConsecutiveErrors));
    }

    [Fact]
    public void A_failed_notification_is_retried_as_an_error_even_when_everything_shipped()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (_, _) => Result(CheckOutcome.Shipped, null, "1Z999AA10123456784"))
        {
            NotifyFails = n => n == 1,
        };

        driver.RunToCompletion();

        Assert.Equal(2, driver.Executions);
        Assert.Equal([Submitted.AddHours(2), Submitted.AddHours(2).AddMinutes(15)], driver.CheckTimes);
        var continued = Assert.Single(driver.ContinuedWith);
        Assert.Equal(1, continued.ConsecutiveErrors);
        Assert.Equal(2, driver.Calls.Count(c => c.Name == nameof(TrackingActivities.NotifyShipment)));
    }

    [Fact]
    public void Every_activity_uses_the_monitor_retry_policy()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => n == 1 ? Result(CheckOutcome.Pending, null, "1Z999AA10123456784") : Result(CheckOutcome.Pending))
        {
            Now = Deadline.AddHours(-5),
        };

        driver.RunToCompletion();

        Assert.Contains(driver.Calls, c => c.Name == nameof(TrackingActivities.NotifyShipment));
        Assert.Contains(driver.Calls, c => c.Name == nameof(TrackingActivities.StopTracking));
        Assert.All(driver.Calls, c => Assert.Same(TrackPurchaseOrder.ActivityRetry, c.Options));
        var retry = TrackPurchaseOrder.ActivityRetry.Retry?.Policy;
        Assert.NotNull(retry);
        Assert.Equal(3, retry.MaxNumberOfAttempts);
    }

    [Fact]
    public void Starting_after_the_deadline_checks_once_then_stops()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (_, _) => Result(CheckOutcome.Pending)) { Now = Deadline.AddDays(1) };

        driver.RunToCompletion();

        Assert.Equal(1, driver.Executions);
        Assert.Equal([nameof(TrackingActivities.CheckShipment), nameof(TrackingActivities.StopTracking)], driver.Calls.Select(c => c.Name));
        Assert.Empty(driver.ContinuedWith);
    }

    [Fact]
    public void A_retry_after_beyond_the_deadline_is_clamped_to_the_deadline()
    {
        var start = ConfirmedStart();
        var driver = new MonitorDriver(start, (n, _) => n == 1 ? Result(CheckOutcome.RateLimited, TimeSpan.FromDays(60)) : Result(CheckOutcome.Pending));

        driver.RunToCompletion();

        Assert.Equal([Submitted.AddHours(2), Deadline], driver.CheckTimes);
        Assert.Equal(nameof(TrackingActivities.StopTracking), driver.Calls[^1].Name);
    }

    [Fact]
    public void Logs_through_the_replay_safe_logger()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (n, _) => n < 2 ? Result(CheckOutcome.Pending) : Result(CheckOutcome.Shipped));

        driver.RunToCompletion();

        driver.Context.Verify(c => c.CreateReplaySafeLogger(nameof(TrackPurchaseOrder)), Times.Exactly(driver.Executions));
        var record = Assert.Single(driver.Logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Contains(Po, record.Message, StringComparison.Ordinal);
        Assert.Contains("Shipped", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_at_the_deadline_logs_a_warning_through_the_replay_safe_logger()
    {
        var driver = new MonitorDriver(ConfirmedStart(), (_, _) => Result(CheckOutcome.Pending)) { Now = Deadline.AddHours(-3) };

        driver.RunToCompletion();

        driver.Context.Verify(c => c.CreateReplaySafeLogger(nameof(TrackPurchaseOrder)), Times.Exactly(driver.Executions));
        var record = Assert.Single(driver.Logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains("deadline", record.Message, StringComparison.Ordinal);
        Assert.Contains(Po, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_fails_loudly()
    {
        var driver = new MonitorDriver(null!, (_, _) => Result(CheckOutcome.Pending));

        var task = TrackPurchaseOrder.Run(driver.Context.Object);

        Assert.True(task.IsFaulted);
        Assert.IsType<InvalidOperationException>(task.Exception!.InnerException);
        Assert.Empty(driver.Calls);
    }
}

/// <summary>One activity call the orchestrator made, with the virtual time it was made at.</summary>
internal sealed record ActivityCall(string Name, object? Input, TaskOptions? Options, DateTime At);

internal sealed record TimerCall(DateTime FireAt, CancellationToken Token, DateTime CreatedAt, Task Task);

internal sealed record EventWait(string Name, CancellationToken Token, DateTime CreatedAt, Task Task);

/// <summary>
/// Runs <see cref="TrackPurchaseOrder.Run"/> execution after execution against a strict mock context on a virtual
/// clock. Timers fire by moving the clock to their fire time (synchronously); when <see cref="CheckNowAt"/> names the
/// execution, the timer stays pending and the CheckNow event arrives at the given time instead. Each execution must
/// complete synchronously: anything it awaited other than the mocked context would show up as an incomplete task.
/// </summary>
internal sealed class MonitorDriver
{
    private readonly Func<int, CheckShipmentInput, CheckShipmentResult> _check;
    private int _checks;
    private int _notifications;
    private int _continuesThisExecution;

    public MonitorDriver(TrackingState start, Func<int, CheckShipmentInput, CheckShipmentResult> check)
    {
        State = start;
        Now = start?.SubmittedAt ?? default;
        _check = check;

        Context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        Context.Setup(c => c.GetInput<TrackingState>()).Returns(() => State);
        Context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(Logger);
        Context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns((DateTime fireAt, CancellationToken token) =>
        {
            Assert.True(fireAt > Now, $"a timer for {fireAt:O} at {Now:O} is not in the future");
            Assert.Equal(DateTimeKind.Utc, fireAt.Kind);
            Task task;
            if (CheckNowAt.TryGetValue(Executions - 1, out var eventAt))
            {
                Assert.True(eventAt >= Now && eventAt < fireAt, "the scripted event must arrive before the timer fires");
                task = Pending<object?>(token);
            }
            else
            {
                Now = fireAt;
                task = Task.CompletedTask;
            }
            Timers.Add(new TimerCall(fireAt, token, Now, task));
            return task;
        });
        Context.Setup(c => c.WaitForExternalEvent<object?>(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns((string name, CancellationToken token) =>
        {
            Task<object?> task;
            if (CheckNowAt.TryGetValue(Executions - 1, out var eventAt))
            {
                Now = eventAt;
                task = Task.FromResult<object?>(null);
            }
            else
            {
                task = Pending<object?>(token);
            }
            EventWaits.Add(new EventWait(name, token, Now, task));
            return task;
        });
        Context.Setup(c => c.CallActivityAsync<CheckShipmentResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? options) =>
            {
                Calls.Add(new ActivityCall(name.Name, input, options, Now));
                Assert.Equal(nameof(TrackingActivities.CheckShipment), name.Name);
                var checkInput = Assert.IsType<CheckShipmentInput>(input);
                _checks++;
                try
                {
                    return Task.FromResult(_check(_checks, checkInput));
                }
                catch (TaskFailedException failed) when (FailChecksAsFaultedTasks)
                {
                    return Task.FromException<CheckShipmentResult>(failed);
                }
            });
        // The orchestrator calls the non-generic virtual overload (which would forward to CallActivityAsync<object>).
        Context.Setup(c => c.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? options) =>
            {
                Calls.Add(new ActivityCall(name.Name, input, options, Now));
                if (name.Name == nameof(TrackingActivities.NotifyShipment))
                {
                    Assert.IsType<NotifyShipmentInput>(input);
                    _notifications++;
                    if (NotifyFails(_notifications))
                        throw new TaskFailedException(name.Name, 11, new TaskFailureDetails("System.Exception", "email down", null, null, null));
                }
                else
                {
                    Assert.Equal(nameof(TrackingActivities.StopTracking), name.Name);
                    Assert.IsType<StopTrackingInput>(input);
                }
                return Task.CompletedTask;
            });
        Context.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>())).Callback((object? input, bool preserveUnprocessedEvents) =>
        {
            Assert.True(preserveUnprocessedEvents, "a CheckNow raised during a check must survive ContinueAsNew");
            ContinuedWith.Add(Assert.IsType<TrackingState>(input));
            _continuesThisExecution++;
        });
    }

    public Mock<TaskOrchestrationContext> Context { get; } = new(MockBehavior.Strict);

    public FakeLogger Logger { get; } = new();

    /// <summary>The virtual "now" (CurrentUtcDateTime).</summary>
    public DateTime Now { get; set; }

    public TrackingState State { get; private set; }

    public int Executions { get; private set; }

    /// <summary>Execution index (0-based) → when the CheckNow event arrives during that execution's wait.</summary>
    public Dictionary<int, DateTime> CheckNowAt { get; } = [];

    /// <summary>Notification number (1-based) → whether NotifyShipment throws TaskFailedException.</summary>
    public Func<int, bool> NotifyFails { get; init; } = _ => false;

    /// <summary>Surface scripted TaskFailedExceptions as a faulted task instead of a synchronous throw.</summary>
    public bool FailChecksAsFaultedTasks { get; init; }

    public List<ActivityCall> Calls { get; } = [];

    public List<TimerCall> Timers { get; } = [];

    public List<EventWait> EventWaits { get; } = [];

    public List<TrackingState> ContinuedWith { get; } = [];

    public List<TrackingState> Inputs { get; } = [];

    public List<int> ContinueAsNewCallsByExecution { get; } = [];

    public List<DateTime> CheckTimes => Calls.Where(c => c.Name == nameof(TrackingActivities.CheckShipment)).Select(c => c.At).ToList();

    public void RunToCompletion(int maxExecutions = 2000)
    {
        while (true)
        {
            Assert.True(Executions < maxExecutions, $"still running after {maxExecutions} executions");
            if (!RunOnce()) return;
        }
    }

    /// <summary>One execution; true when it continued as new.</summary>
    public bool RunOnce()
    {
        Executions++;
        _continuesThisExecution = 0;
        Inputs.Add(State);
        var task = TrackPurchaseOrder.Run(Context.Object);
        Assert.True(task.IsCompleted, "the orchestrator awaited something that is not a (completed) context task");
        task.GetAwaiter().GetResult(); // rethrows if the orchestration failed
        ContinueAsNewCallsByExecution.Add(_continuesThisExecution);
        Assert.InRange(_continuesThisExecution, 0, 1);
        if (_continuesThisExecution == 0) return false;
        State = ContinuedWith[^1];
        return true;
    }

    private static Task<T> Pending<T>(CancellationToken token)
    {
        var source = new TaskCompletionSource<T>();
        token.Register(() => source.TrySetCanceled(token));
        return source.Task;
    }
}
