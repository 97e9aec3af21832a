using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DropShip.Core.Common;
using DropShip.Core.Distributors;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Eligibility;

/// <summary>
/// The distributors' live stock answers, kept for <see cref="LiveStockOptions.CacheFor"/> per store account and part, and
/// the accounts a distributor has throttled, until when. In memory, per instance: an answer is never shared between stores,
/// nor between two accounts (or environments) of one store, since the key holds all of them.
/// </summary>
public sealed class LiveStockCache(IOptionsMonitor<LiveStockOptions> options, TimeProvider clock)
{
    /// <summary>The longest a distributor's Retry-After is honoured here; a longer one is its own problem, not a reason to stop asking for a day.</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, CachedAnswer> answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> pausedUntil = new(StringComparer.Ordinal);

    /// <param name="Figures">Null when the distributor said it does not list the part.</param>
    public sealed record CachedAnswer(LiveFigures? Figures, DateTimeOffset AsOf);

    /// <summary>
    /// Store, distributor, environment and the account's own settings (dealer or customer number; never a secret, and the
    /// settings of a connection are what the dealer sees anyway), hashed so keys stay short.
    /// </summary>
    public static string AccountKey(string storeId, string distributor, bool testMode, IReadOnlyDictionary<string, string> settings)
    {
        var text = new StringBuilder().Append(distributor).Append('|').Append(storeId).Append('|').Append(testMode ? "test" : "production");
        foreach (var (name, value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal)) text.Append('|').Append(name).Append('=').Append(value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public CachedAnswer? Find(string accountKey, string partNumber)
    {
        var key = Key(accountKey, partNumber);
        if (!answers.TryGetValue(key, out var answer)) return null;
        if (clock.GetUtcNow() - answer.AsOf < options.CurrentValue.CacheFor) return answer;
        answers.TryRemove(new KeyValuePair<string, CachedAnswer>(key, answer));
        return null;
    }

    public void Keep(string accountKey, string partNumber, LiveFigures? figures, DateTimeOffset asOf)
    {
        var settings = options.CurrentValue;
        if (settings.CacheFor <= TimeSpan.Zero) return;
        if (answers.Count >= settings.MaxCachedAnswers)
        {
            var now = clock.GetUtcNow();
            foreach (var (key, stale) in answers)
                if (now - stale.AsOf >= settings.CacheFor) answers.TryRemove(new KeyValuePair<string, CachedAnswer>(key, stale));
            if (answers.Count >= settings.MaxCachedAnswers) return;
        }
        answers[Key(accountKey, partNumber)] = new CachedAnswer(figures, asOf);
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

    private static string Key(string accountKey, string partNumber) => accountKey + "|" + PartNumbers.Normalize(partNumber);
}
