using System.Security.Cryptography;
using System.Text;
using DropShip.Core.Caching;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Eligibility;

/// <summary>
/// Asks the distributors what they have now, for eligibility and for the submit guard, within
/// <see cref="LiveStockOptions.Budget"/> (on the app's clock). Answers are kept in the app's cache
/// (<see cref="CacheRegion.LiveStock"/>, <see cref="CacheOptions.LiveStock"/>) per store account and part, never shared
/// between stores, nor between two accounts (or environments) of one store; concurrent questions about one part share one
/// distributor call, so an entry expiring under 50 callers costs one call, not 50. Only answers are kept: a refusal, a
/// failure or a time-out is handed to whoever waited for that call and asked again by the next. An account the distributor
/// throttled is not asked again until it said so (<see cref="CacheRegion.LiveStockPauses"/>); every call goes through the
/// credential's shared budget and is never retried. When nothing usable comes back in time the option says why and the
/// morning feed figures stand.
/// </summary>
public sealed class LiveStock(
    IEnumerable<IDistributorAvailability> availabilities,
    DistributorRegistry distributors,
    ReadCache cache,
    IOptionsMonitor<LiveStockOptions> options,
    TimeProvider clock,
    ILogger<LiveStock> logger)
{
    private readonly Dictionary<string, IDistributorAvailability> byDistributor =
        availabilities.ToDictionary(a => a.Distributor, StringComparer.OrdinalIgnoreCase);

    /// <summary>The longest a distributor's Retry-After is honoured here; a longer one is its own problem, not a reason to stop asking for a day.</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromHours(1);

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

    public bool Enabled => options.CurrentValue.Enabled;

    /// <summary>
    /// Each item's options with <see cref="EligibilityOption.Live"/> filled in for every eligible option of a distributor the
    /// store has connected, asked once for the whole order: a part several items name is asked once, and each distributor
    /// account gets its parts in as few batched calls as it takes. Ineligible options are not asked about: they cannot be
    /// ordered, and each question costs the store's quota.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<EligibilityOption>>> AddToAsync(
        string storeId, IReadOnlyList<ConnectionView> storeConnections, IReadOnlyList<(IReadOnlyList<EligibilityOption> Options, int Quantity)> items,
        StoreAccounts accounts, CancellationToken cancellationToken)
    {
        if (!Enabled) return items.Select(i => i.Options).ToList();
        var groups = new List<Group>();
        foreach (var byKey in items.SelectMany(i => i.Options).Where(o => o.Eligible).GroupBy(o => o.Distributor, StringComparer.OrdinalIgnoreCase))
        {
            var connection = storeConnections.FirstOrDefault(c => string.Equals(c.Distributor, byKey.Key, StringComparison.OrdinalIgnoreCase));
            if (connection is null || distributors.Find(byKey.Key) is not { } distributor || !byDistributor.TryGetValue(byKey.Key, out var port)) continue;
            groups.Add(new Group(
                port,
                distributor.Profile.DisplayName,
                AccountKey(storeId, distributor.Profile.Key, connection.TestMode, connection.Settings),
                byKey.Select(o => o.PartNumber).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                token => accounts.GetAsync(distributor).WaitAsync(token)));
        }
        var outcomes = await AskAsync(groups, cancellationToken);
        return items
            .Select(item => (IReadOnlyList<EligibilityOption>)item.Options
                .Select(o => outcomes.TryGetValue((o.Distributor.ToLowerInvariant(), PartNumbers.Normalize(o.PartNumber)), out var outcome)
                    ? o with { Live = View(outcome, item.Quantity) }
                    : o)
                .ToList())
            .ToList();
    }

    /// <summary>One part of an account already read (the submit guard); null when live stock is off.</summary>
    public async Task<LiveStockView?> CheckAsync(DistributorAccount account, string partNumber, int quantity, CancellationToken cancellationToken)
    {
        if (!Enabled || GroupOf(account, [partNumber]) is not { } group) return null;
        var outcomes = await AskAsync([group], cancellationToken);
        return View(outcomes.Values.Single(), quantity);
    }

    /// <summary>
    /// Parts of an account already read, asked in as few calls as it takes and kept as any answer is, so that whoever asks
    /// about them next (eligibility, within the same submit) finds the answers kept or joins the call in flight.
    /// </summary>
    public async Task AskAheadAsync(DistributorAccount account, IReadOnlyList<string> partNumbers, CancellationToken cancellationToken)
    {
        if (Enabled && partNumbers.Count > 0 && GroupOf(account, partNumbers) is { } group) await AskAsync([group], cancellationToken);
    }

    private Group? GroupOf(DistributorAccount account, IReadOnlyList<string> partNumbers) =>
        distributors.Find(account.Distributor) is { } distributor && byDistributor.TryGetValue(account.Distributor, out var port)
            ? new Group(port, distributor.Profile.DisplayName, AccountKey(account.StoreId, distributor.Profile.Key, account.TestMode, account.Settings),
                partNumbers.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), _ => Task.FromResult<DistributorAccount?>(account))
            : null;

    /// <summary>One distributor account and the parts to ask it about; the account (with its secrets) is read only on a cache miss.</summary>
    private sealed record Group(
        IDistributorAvailability Port, string DisplayName, string AccountKey, IReadOnlyList<string> Parts,
        Func<CancellationToken, Task<DistributorAccount?>> ReadAccount);

    private sealed record Outcome(
        LiveStockStatus Status, LiveFigures? Figures, DateTimeOffset? AsOf, string Source, string? Message = null, DateTimeOffset? RetryAfter = null);

    private async Task<Dictionary<(string Distributor, string Part), Outcome>> AskAsync(IReadOnlyList<Group> groups, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<(string, string), Outcome>();
        var budget = options.CurrentValue.Budget;
        using var deadline = new CancellationTokenSource(budget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var asking = new List<(Group Group, string Part, Task<Outcome> Outcome)>();
        foreach (var group in groups)
        {
            var misses = new List<string>();
            var (paused, until) = await cache.FindAsync<DateTimeOffset>(CacheRegion.LiveStockPauses, group.AccountKey);
            foreach (var part in group.Parts)
            {
                if ((await cache.FindAsync<Outcome>(CacheRegion.LiveStock, AnswerKey(group, part))) is (true, { } kept)) Put(group, part, kept);
                else if (paused) Put(group, part, RateLimited(group, until));
                else misses.Add(part);
            }
            if (misses.Count == 0) continue;
            // The parts nobody had an answer for, asked in one go by whichever of them is read first; a part someone else
            // is asking about already is joined instead (its own call covers it).
            var account = new Lazy<Task<IReadOnlyDictionary<string, Outcome>>>(() => AskAccountAsync(group with { Parts = misses }));
            foreach (var part in misses)
                asking.Add((group, part, cache.GetOrReadAsync(CacheRegion.LiveStock, AnswerKey(group, part),
                    async _ => (await account.Value)[PartNumbers.Normalize(part)], linked.Token, keep: o => o.Status is LiveStockStatus.Ok or LiveStockStatus.UnknownPart).AsTask()));
        }

        var timedOut = false;
        foreach (var (group, part, outcome) in asking)
        {
            try
            {
                Put(group, part, await outcome);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
                Put(group, part, TimedOut(group));
            }
        }
        if (timedOut) logger.LogInformation("Live stock did not answer within {BudgetMs} ms", (long)budget.TotalMilliseconds);
        return outcomes;

        void Put(Group group, string part, Outcome outcome) => outcomes[(group.Port.Distributor.ToLowerInvariant(), PartNumbers.Normalize(part))] = outcome;
    }

    private static string AnswerKey(Group group, string part) => group.AccountKey + "|" + PartNumbers.Normalize(part);

    /// <summary>
    /// One account's parts, shared by every caller who wants them meanwhile: so it has the budget from its own start, not
    /// the first caller's (what answers later is of no use to anyone), and it never throws.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, Outcome>> AskAccountAsync(Group group)
    {
        using var limit = new CancellationTokenSource(options.CurrentValue.Budget, clock);
        IEnumerable<(string Part, Outcome Outcome)> answered;
        try
        {
            var account = await group.ReadAccount(limit.Token);
            if (account is null)
            {
                answered = group.Parts.Select(p => (p, new Outcome(LiveStockStatus.Failed, null, null, group.Port.Source, $"{group.DisplayName} is not connected for this store.")));
            }
            else
            {
                var batches = group.Parts.Chunk(Math.Max(1, group.Port.MaxPartsPerCall)).ToList();
                var answers = await Task.WhenAll(batches.Select(batch => group.Port.CheckAsync(account, batch, limit.Token)));
                var outcomes = new List<(string, Outcome)>();
                foreach (var (batch, answer) in batches.Zip(answers)) outcomes.AddRange(await OutcomesAsync(group, batch, answer));
                answered = outcomes;
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            logger.LogInformation("Live stock from {Distributor} did not answer within {BudgetMs} ms", group.Port.Distributor, (long)options.CurrentValue.Budget.TotalMilliseconds);
            answered = group.Parts.Select(p => (p, TimedOut(group)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the type: a message could carry a URL, and Tucker's key travels in its query string.
            logger.LogWarning("Live stock from {Distributor} failed: {Failure}", group.Port.Distributor, ex.GetType().Name);
            answered = group.Parts.Select(p => (p, new Outcome(LiveStockStatus.Failed, null, null, group.Port.Source,
                $"{group.DisplayName} live stock could not be asked; the morning feed figures stand.")));
        }
        var byPart = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        foreach (var (part, outcome) in answered) byPart[PartNumbers.Normalize(part)] = outcome;
        return byPart;
    }

    private Outcome TimedOut(Group group) => new(LiveStockStatus.TimedOut, null, null, group.Port.Source,
        $"{group.DisplayName} did not answer within {options.CurrentValue.Budget.TotalSeconds:0.#} s; the morning feed figures stand.");

    private async Task<IEnumerable<(string Part, Outcome Outcome)>> OutcomesAsync(Group group, IReadOnlyList<string> parts, AvailabilityAnswer answer)
    {
        var at = clock.GetUtcNow();
        switch (answer)
        {
            case AvailabilityAnswer.Answered answered:
                return parts.Select(part => (part, answered.Parts.TryGetValue(part, out var figures) && figures is not null
                    ? new Outcome(LiveStockStatus.Ok, figures, at, group.Port.Source)
                    : new Outcome(LiveStockStatus.UnknownPart, null, at, group.Port.Source, $"{group.DisplayName} does not list this part.")));
            case AvailabilityAnswer.RateLimited { ByDistributor: true } limited:
                var wait = limited.RetryAfter ?? options.CurrentValue.PauseAfterRateLimit;
                if (wait > LongestPause) wait = LongestPause;
                var until = at + wait;
                await cache.KeepAsync(CacheRegion.LiveStockPauses, group.AccountKey, until, wait);
                logger.LogInformation("{Distributor} throttled live stock for an account until {Until}", group.Port.Distributor, until);
                return parts.Select(part => (part, RateLimited(group, until)));
            case AvailabilityAnswer.RateLimited local:
                // Our own budget said no (or the breaker is open): expected pacing, logged by the limiter at Information.
                return parts.Select(part => (part, new Outcome(LiveStockStatus.RateLimited, null, null, group.Port.Source,
                    local.RetryAfter is { } reopens
                        ? $"The call budget for these {group.DisplayName} credentials is spent until {at + reopens:u}; the morning feed figures stand."
                        : $"Calls to {group.DisplayName} are paused after repeated failures; the morning feed figures stand.",
                    local.RetryAfter is { } retryAfter ? at + retryAfter : null)));
            case AvailabilityAnswer.NotOffered notOffered:
                return parts.Select(part => (part, new Outcome(LiveStockStatus.NotAvailable, null, null, group.Port.Source, notOffered.Reason)));
            case AvailabilityAnswer.Failed failed:
                logger.LogInformation("Live stock from {Distributor} failed: {Reason}", group.Port.Distributor, failed.Reason);
                return parts.Select(part => (part, new Outcome(LiveStockStatus.Failed, null, null, group.Port.Source, $"{failed.Reason} The morning feed figures stand.")));
            default:
                throw new InvalidOperationException($"Unexpected availability answer {answer.GetType().Name}.");
        }
    }

    private static Outcome RateLimited(Group group, DateTimeOffset until) => new(LiveStockStatus.RateLimited, null, null, group.Port.Source,
        $"{group.DisplayName} asked to slow down; live stock is asked again after {until:u}. The morning feed figures stand.", until);

    /// <summary>Whether the distributor can ship <paramref name="quantity"/> now: a capped figure below it proves nothing.</summary>
    private static LiveStockView View(Outcome outcome, int quantity) => new(
        outcome.Status,
        outcome.Figures?.Quantity,
        outcome.Figures?.QuantityIsFloor,
        outcome.Figures?.DealerCost,
        outcome.Figures?.DropShipFee,
        outcome.Figures is { } figures ? figures.Quantity >= quantity ? true : figures.QuantityIsFloor ? null : false : null,
        outcome.AsOf,
        outcome.Source,
        outcome.Message,
        outcome.RetryAfter);
}
