namespace DropShip.Core.Distributors.Budgets;

/// <summary>
/// One credential's limits: <paramref name="PerShortWindow"/> calls per <paramref name="ShortWindow"/> (the per-second
/// rate as whole calls in whole seconds), and optionally per clock hour and per UTC day.
/// </summary>
public sealed record BudgetLimits(int PerShortWindow, TimeSpan ShortWindow, int? PerHour, int? PerDay)
{
    /// <summary>
    /// The per-second rate as fixed windows of whole seconds: 5/s is 5 per second, 2.5/s is 2 per second (rounded down,
    /// never up), 0.5/s is 1 per 2 seconds. Null when nothing limits the credential.
    /// </summary>
    public static BudgetLimits? From(double permitsPerSecond, int? perHour, int? perDay)
    {
        if (permitsPerSecond <= 0 && perHour is null && perDay is null) return null;
        if (permitsPerSecond <= 0) return new BudgetLimits(int.MaxValue, TimeSpan.FromSeconds(1), perHour, perDay);
        var seconds = permitsPerSecond >= 1 ? 1 : (int)Math.Ceiling(1 / permitsPerSecond);
        return new BudgetLimits(Math.Max(1, (int)Math.Floor(permitsPerSecond * seconds)), TimeSpan.FromSeconds(seconds), perHour, perDay);
    }
}

/// <summary>
/// What one credential has used in the window each count belongs to; a window is the number of whole windows since the
/// Unix epoch, so every instance agrees on it from the time alone.
/// </summary>
public sealed record BudgetUsage(long ShortWindow, int ShortUsed, long HourWindow, int HourUsed, long DayWindow, int DayUsed)
{
    public static readonly BudgetUsage None = new(0, 0, 0, 0, 0, 0);
}

/// <param name="Granted">Calls the instance may now send in the current short window.</param>
/// <param name="Usage">The usage to store (unchanged when <paramref name="Changed"/> is false: nothing to write).</param>
/// <param name="ReopensAt">When nothing is left: when the fullest window ends (the day's, the hour's or the short one).</param>
public sealed record BudgetGrant(int Granted, BudgetUsage Usage, bool Changed, DateTimeOffset? ReopensAt);

/// <summary>The budget arithmetic, pure: roll the windows to now, take what is left, count calls already sent.</summary>
public static class BudgetWindows
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static long Index(DateTimeOffset now, TimeSpan window) => now.ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds;

    public static DateTimeOffset End(long index, TimeSpan window) =>
        DateTimeOffset.FromUnixTimeMilliseconds((index + 1) * (long)window.TotalMilliseconds);

    /// <param name="wanted">Calls waiting for a permit on this instance.</param>
    /// <param name="alreadySent">Calls sent without a permit (orders: counted, never refused), added to every window.</param>
    public static BudgetGrant Take(BudgetUsage? stored, BudgetLimits limits, DateTimeOffset now, int wanted, int alreadySent)
    {
        var (shortIndex, hourIndex, dayIndex) = (Index(now, limits.ShortWindow), Index(now, Hour), Index(now, Day));
        var usage = stored ?? BudgetUsage.None;
        var shortUsed = usage.ShortWindow == shortIndex ? usage.ShortUsed : 0;
        var hourUsed = usage.HourWindow == hourIndex ? usage.HourUsed : 0;
        var dayUsed = usage.DayWindow == dayIndex ? usage.DayUsed : 0;

        long left = Math.Max(0L, (long)limits.PerShortWindow - shortUsed);
        if (limits.PerHour is { } perHour) left = Math.Min(left, Math.Max(0, perHour - hourUsed));
        if (limits.PerDay is { } perDay) left = Math.Min(left, Math.Max(0, perDay - dayUsed));
        var granted = (int)Math.Min(left, Math.Max(0, wanted));
        var added = granted + Math.Max(0, alreadySent);

        var next = new BudgetUsage(shortIndex, Sum(shortUsed, added), hourIndex, Sum(hourUsed, added), dayIndex, Sum(dayUsed, added));
        DateTimeOffset? reopensAt = null;
        if (left - granted <= 0)
        {
            // The latest end among the windows that are full: a spent day outlasts a spent hour, which outlasts a second.
            if (limits.PerDay is { } day && next.DayUsed >= day) reopensAt = End(dayIndex, Day);
            else if (limits.PerHour is { } hour && next.HourUsed >= hour) reopensAt = End(hourIndex, Hour);
            else reopensAt = End(shortIndex, limits.ShortWindow);
        }
        return new BudgetGrant(granted, added > 0 ? next : usage, added > 0, reopensAt);
    }

    private static int Sum(int used, int added) => (int)Math.Min(int.MaxValue, (long)used + added);
}
