using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DropShip.Core.Distributors;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Eligibility;

/// <summary>
/// The store accounts a distributor has throttled (429), until when, per instance. The answers themselves are kept in the
/// app's one cache (<see cref="Storage.ReadCache{TKey, TValue}"/>, owned by <see cref="LiveStock"/>).
/// </summary>
public sealed class LiveStockPauses(IOptionsMonitor<LiveStockOptions> options, TimeProvider clock)
{
    /// <summary>The longest a distributor's Retry-After is honoured here; a longer one is its own problem, not a reason to stop asking for a day.</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> pausedUntil = new(StringComparer.Ordinal);

    /// <summary>
    /// Store, distributor, environment and the account's own settings (dealer or customer number; never a secret, and the
    /// settings of a connection are what the dealer sees anyway), hashed so keys stay short. An answer is never shared
    /// between stores, nor between two accounts (or environments) of one store, since the key holds all of them.
    /// </summary>
    public static string AccountKey(string storeId, string distributor, bool testMode, IReadOnlyDictionary<string, string> settings)
    {
        var text = new StringBuilder().Append(distributor).Append('|').Append(storeId).Append('|').Append(testMode ? "test" : "production");
        foreach (var (name, value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal)) text.Append('|').Append(name).Append('=').Append(value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Until when the distributor asked not to be called for this account, if that is still ahead.</summary>
    public DateTimeOffset? PausedUntil(string accountKey)
    {
        if (!pausedUntil.TryGetValue(accountKey, out var until)) return null;
        if (until > clock.GetUtcNow()) return until;
        pausedUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(accountKey, until));
        return null;
    }

    public DateTimeOffset Pause(string accountKey, TimeSpan? retryAfter)
    {
        var wait = retryAfter ?? options.CurrentValue.PauseAfterRateLimit;
        var until = clock.GetUtcNow() + (wait < LongestPause ? wait : LongestPause);
        pausedUntil.AddOrUpdate(accountKey, until, (_, earlier) => earlier > until ? earlier : until);
        return until;
    }
}
