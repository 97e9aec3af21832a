using DropShip.Core.Tracking;

namespace DropShip.Tests.Tracking;

/// <summary>
/// When a tracked PO needs attention (TrackingState.After): checks failing for Tracking:AttentionAfter, said once per run of
/// failures, cleared by the next good check; 429s and checks paused for refused credentials neither start nor end a run.
/// Times are minutes after a fixed UTC submission.
/// </summary>
public sealed class TrackingAttentionStateTests
{
    private static readonly DateTime T0 = new(2025, 3, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TrackingOptions P = new() { AttentionAfter = TimeSpan.FromHours(24) };

    private static CheckResult Check(CheckOutcome outcome, string? message = null) => new(outcome, [], null, message ?? outcome.ToString());

    /// <summary>Runs the checks in order, each at its minute, and returns every step.</summary>
    private static List<TrackingStep> Run(params (double Minute, CheckOutcome Outcome)[] checks)
    {
        var state = TrackingState.Start("s", "PO", T0, awaitingConfirmation: false, P);
        var steps = new List<TrackingStep>();
        foreach (var (minute, outcome) in checks)
        {
            var step = state.After(Check(outcome, $"answer at {minute}"), T0.AddMinutes(minute));
            steps.Add(step);
            if (step is TrackingStep.CheckAgain again) state = again.Next;
        }
        return steps;
    }

    private static AttentionChange? AttentionOf(TrackingStep step) => step switch
    {
        TrackingStep.CheckAgain again => again.Attention,
        TrackingStep.Ended ended => ended.Attention,
        _ => null,
    };

    [Fact]
    public void The_default_is_a_day() => Assert.Equal(TimeSpan.FromHours(24), new TrackingOptions().AttentionAfter);

    [Fact]
    public void Unreadable_answers_for_the_configured_time_need_attention_once_and_a_readable_one_clears_it()
    {
        const double day = 24 * 60;
        var steps = Run((120, CheckOutcome.Error), (600, CheckOutcome.Error), (day + 119, CheckOutcome.Error), (day + 120, CheckOutcome.Error),
            (day + 800, CheckOutcome.Error), (day + 900, CheckOutcome.Pending), (day + 1200, CheckOutcome.Pending));

        var changes = steps.Select(AttentionOf).ToList();
        Assert.Null(changes[0]);
        Assert.Null(changes[1]);
        Assert.Null(changes[2]); // 23 h 59 min after the first failure
        var raised = Assert.IsType<AttentionChange>(changes[3]);
        Assert.True(raised.Raise);
        Assert.Equal(T0.AddMinutes(120), raised.Since); // since the first failed check
        Assert.Equal($"answer at {day + 120}", raised.Message); // the reason: what the failing check said
        Assert.Null(changes[4]); // once per run
        var cleared = Assert.IsType<AttentionChange>(changes[5]);
        Assert.False(cleared.Raise);
        Assert.Equal(T0.AddMinutes(120), cleared.Since);
        Assert.Null(changes[6]);
        var last = Assert.IsType<TrackingStep.CheckAgain>(steps[6]).Next;
        Assert.Null(last.FailingSince);
        Assert.False(last.AttentionRaised);
    }

    [Fact]
    public void A_good_check_before_the_time_starts_the_run_again()
    {
        var steps = Run((0, CheckOutcome.Error), (23 * 60, CheckOutcome.Pending), (24 * 60, CheckOutcome.Error), (47 * 60, CheckOutcome.Error), (48 * 60, CheckOutcome.Error));
        Assert.Equal([false, false, false, false, true], steps.Select(s => AttentionOf(s)?.Raise == true));
        Assert.Equal(T0.AddHours(24), AttentionOf(steps[4])!.Since);
    }

    [Fact]
    public void Rate_limits_and_paused_checks_neither_start_nor_end_a_run_and_paused_checks_wait_the_interval()
    {
        var steps = Run((0, CheckOutcome.Paused), (60, CheckOutcome.RateLimited), (120, CheckOutcome.Error), (600, CheckOutcome.Paused),
            (24 * 60 + 120, CheckOutcome.Paused), (24 * 60 + 121, CheckOutcome.Error));
        Assert.Null(Assert.IsType<TrackingStep.CheckAgain>(steps[0]).Next.FailingSince);
        Assert.Equal(T0.AddMinutes(120), Assert.IsType<TrackingStep.CheckAgain>(steps[3]).Next.FailingSince);
        Assert.Null(AttentionOf(steps[4])); // a paused check is no failure of the PO: the connection says why
        Assert.True(AttentionOf(steps[5])!.Raise);
        var paused = Assert.IsType<TrackingStep.CheckAgain>(steps[3]).Next;
        Assert.Equal(T0.AddMinutes(600) + P.Interval, paused.NextCheckAt);
        Assert.Equal(1, paused.ConsecutiveErrors); // unchanged by the pause
    }

    [Fact]
    public void A_po_that_ships_while_it_needs_attention_clears_it()
    {
        var steps = Run((0, CheckOutcome.Error), (24 * 60, CheckOutcome.Error), (25 * 60, CheckOutcome.Shipped));
        Assert.True(AttentionOf(steps[1])!.Raise);
        var ended = Assert.IsType<TrackingStep.Ended>(steps[2]);
        Assert.False(ended.Attention!.Raise);
        Assert.Equal(T0, ended.Attention.Since);
    }

    [Fact]
    public void A_state_stored_before_attention_existed_reads_with_no_run()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(TrackingState.Start("s", "PO", T0, false, P));
        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        old.Remove(nameof(TrackingState.FailingSince));
        old.Remove(nameof(TrackingState.AttentionRaised));
        var read = System.Text.Json.JsonSerializer.Deserialize<TrackingState>(old.ToJsonString())!;
        Assert.Null(read.FailingSince);
        Assert.False(read.AttentionRaised);
    }
}
