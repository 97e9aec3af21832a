using DropShip.Core.Platform;

namespace DropShip.Tests.Unit;

public sealed class WebhookBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 16)]
    [InlineData(6, 32)]
    [InlineData(7, 60)] // 64 capped
    [InlineData(8, 60)]
    [InlineData(11, 60)]
    [InlineData(12, 60)]
    [InlineData(1000, 60)]
    [InlineData(int.MaxValue, 60)]
    public void Backoff_doubles_from_one_minute_and_is_capped_at_an_hour(int attempts, double expectedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), WebhookOutbox.Backoff(attempts));
    }

    [Fact]
    public void Backoff_never_decreases_and_stays_between_a_minute_and_an_hour()
    {
        var previous = TimeSpan.Zero;
        for (var attempts = 1; attempts <= 500; attempts++)
        {
            var backoff = WebhookOutbox.Backoff(attempts);
            Assert.InRange(backoff, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
            Assert.True(backoff >= previous, $"attempt {attempts}: {backoff} < {previous}");
            previous = backoff;
        }
    }

    [Fact]
    public void Backoff_is_whole_minutes()
    {
        for (var attempts = 1; attempts <= 20; attempts++)
            Assert.Equal(0, WebhookOutbox.Backoff(attempts).Ticks % TimeSpan.TicksPerMinute);
    }
}
