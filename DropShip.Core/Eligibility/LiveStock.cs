using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Eligibility;

/// <summary>
/// Asks the distributors what they have now, for eligibility and for the submit guard, within
/// <see cref="LiveStockOptions.Budget"/> (on the app's clock). Answers are reused for <see cref="LiveStockOptions.CacheFor"/>
/// per store account and part in the app's one cache, and concurrent questions about one part share one distributor call
/// (a part's entry expiring under 50 callers costs one call, not 50); an account the distributor throttled is not asked
/// again until it said so (<see cref="LiveStockPauses"/>); every call goes through the credential's shared budget and is
/// never retried. A shared call has the budget from its own start. When nothing usable comes back in time the option says why and the morning
/// feed figures stand; only real answers are kept, never a throttled, failed or timed-out one.
/// </summary>
public sealed class LiveStock(
    IEnumerable<IDistributorAvailability> availabilities,
    DistributorRegistry distributors,
    DistributorConnections connections,
    LiveStockPauses pauses,
    IOptionsMonitor<LiveStockOptions> options,
    TimeProvider clock,
    ILogger<LiveStock> logger)
{
    private readonly Dictionary<string, IDistributorAvailability> byDistributor =
        availabilities.ToDictionary(a => a.Distributor, StringComparer.OrdinalIgnoreCase);

    private readonly ReadCache<(string AccountKey, string Part), Outcome> answers = new(
        clock, options.CurrentValue.CacheFor, Math.Max(1, options.CurrentValue.MaxCachedAnswers),
        keep: outcome => outcome.Status is LiveStockStatus.Ok or LiveStockStatus.UnknownPart);

    public bool Enabled => options.CurrentValue.Enabled;

    /// <summary>
    /// Each item's options with <see cref="EligibilityOption.Live"/> filled in for every eligible option of a distributor the
    /// store has connected, asked once for the whole order: a part several items name is asked once, and each distributor
    /// account gets its parts in as few batched calls as it takes. Ineligible options are not asked about: they cannot be
    /// ordered, and each question costs the store's quota.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<EligibilityOption>>> AddToAsync(
        string storeId, IReadOnlyList<ConnectionView> storeConnections, IReadOnlyList<(IReadOnlyList<EligibilityOption> Options, int Quantity)> items,
        CancellationToken cancellationToken)
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
                LiveStockPauses.AccountKey(storeId, distributor.Profile.Key, connection.TestMode, connection.Settings),
                byKey.Select(o => o.PartNumber).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                token => connections.GetAccountAsync(storeId, distributor, token)));
        }
        var outcomes = await AskAsync(groups, cancellationToken);
        return items
            .Select(item => (IReadOnlyList<EligibilityOption>)item.Options
                .Select(o => outcomes.TryGetValue((o.Distributor.ToLowerInvariant(), o.PartNumber.ToUpperInvariant()), out var outcome)
                    ? o with { Live = View(outcome, item.Quantity) }
                    : o)
                .ToList())
            .ToList();
    }

    /// <summary>One part of an account already read (the submit guard); null when live stock is off.</summary>
    public async Task<LiveStockView?> CheckAsync(DistributorAccount account, string partNumber, int quantity, CancellationToken cancellationToken)
    {
        if (!Enabled || distributors.Find(account.Distributor) is not { } distributor || !byDistributor.TryGetValue(account.Distributor, out var port)) return null;
        var group = new Group(port, distributor.Profile.DisplayName,
            LiveStockPauses.AccountKey(account.StoreId, distributor.Profile.Key, account.TestMode, account.Settings), [partNumber],
            _ => Task.FromResult<DistributorAccount?>(account));
        var outcomes = await AskAsync([group], cancellationToken);
        return View(outcomes.Values.Single(), quantity);
    }

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
        var asked = new List<(Group Group, string Part, Task<Outcome> Answer)>();
        foreach (var group in groups)
        {
            var parts = group.Parts.Select(Normalized).Distinct().ToList();
            var original = group.Parts.GroupBy(Normalized).ToDictionary(g => g.Key, g => g.First());
            var answers = this.answers.GetOrReadManyAsync(parts.Select(p => (group.AccountKey, p)).ToList(),
                (misses, _) => AskAccountAsync(group, misses.Select(m => original[m.Part]).ToList()), linked.Token);
            asked.AddRange(parts.Select((part, i) => (group, original[part], answers[i])));
        }

        foreach (var (group, part, answer) in asked)
        {
            try
            {
                Put(group, part, await answer);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Put(group, part, new Outcome(LiveStockStatus.TimedOut, null, null, group.Port.Source,
                    $"{group.DisplayName} did not answer within {budget.TotalSeconds:0.#} s; the morning feed figures stand."));
            }
        }
        if (outcomes.Values.Any(o => o.Status == LiveStockStatus.TimedOut))
            logger.LogInformation("Live stock did not answer within {BudgetMs} ms", (long)budget.TotalMilliseconds);
        return outcomes;

        void Put(Group group, string part, Outcome outcome) => outcomes[(group.Port.Distributor.ToLowerInvariant(), part.ToUpperInvariant())] = outcome;
    }

    private static string Normalized(string part) => part.Trim().ToUpperInvariant();

    /// <summary>One account's parts that no one has asked about recently: shared by every caller who wants them meanwhile.</summary>
    private async Task<IReadOnlyDictionary<(string AccountKey, string Part), Outcome>> AskAccountAsync(Group group, IReadOnlyList<string> parts)
    {
        IReadOnlyList<(string Part, Outcome Outcome)> answered;
        if (pauses.PausedUntil(group.AccountKey) is { } until)
        {
            answered = parts.Select(p => (p, RateLimited(group, until))).ToList();
        }
        else
        {
            // The shared call gets the budget too, from its own start: what answers later is of no use to anyone.
            var budget = options.CurrentValue.Budget;
            using var limit = new CancellationTokenSource(budget, clock);
            try
            {
                var account = await group.ReadAccount(limit.Token);
                if (account is null)
                {
                    answered = parts.Select(p => (p, new Outcome(LiveStockStatus.Failed, null, null, group.Port.Source, $"{group.DisplayName} is not connected for this store."))).ToList();
                }
                else
                {
                    var batches = parts.Chunk(Math.Max(1, group.Port.MaxPartsPerCall)).ToList();
                    var replies = await Task.WhenAll(batches.Select(batch => group.Port.CheckAsync(account, batch, limit.Token)));
                    answered = batches.Zip(replies).SelectMany(pair => Outcomes(group, pair.First, pair.Second)).ToList();
                }
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                answered = parts.Select(p => (p, new Outcome(LiveStockStatus.TimedOut, null, null, group.Port.Source,
                    $"{group.DisplayName} did not answer within {budget.TotalSeconds:0.#} s; the morning feed figures stand."))).ToList();
            }
            catch (Exception ex)
            {
                // Only the type: a message could carry a URL, and Tucker's key travels in its query string.
                logger.LogWarning("Live stock from {Distributor} failed: {Failure}", group.Port.Distributor, ex.GetType().Name);
                answered = parts.Select(p => (p, new Outcome(LiveStockStatus.Failed, null, null, group.Port.Source,
                    $"{group.DisplayName} live stock could not be asked; the morning feed figures stand."))).ToList();
            }
        }
        return answered.ToDictionary(a => (group.AccountKey, Normalized(a.Part)), a => a.Outcome);
    }

    private IEnumerable<(string Part, Outcome Outcome)> Outcomes(Group group, IReadOnlyList<string> parts, AvailabilityAnswer answer)
    {
        var at = clock.GetUtcNow();
        switch (answer)
        {
            case AvailabilityAnswer.Answered answered:
                foreach (var part in parts)
                {
                    var figures = answered.Parts.TryGetValue(part, out var found) ? found : null;
                    yield return (part, figures is not null
                        ? new Outcome(LiveStockStatus.Ok, figures, at, group.Port.Source)
                        : new Outcome(LiveStockStatus.UnknownPart, null, at, group.Port.Source, $"{group.DisplayName} does not list this part."));
                }
                break;
            case AvailabilityAnswer.RateLimited { ByDistributor: true } limited:
                var until = pauses.Pause(group.AccountKey, limited.RetryAfter);
                logger.LogInformation("{Distributor} throttled live stock for an account until {Until}", group.Port.Distributor, until);
                foreach (var part in parts) yield return (part, RateLimited(group, until));
                break;
            case AvailabilityAnswer.RateLimited local:
                foreach (var part in parts)
                    yield return (part, new Outcome(LiveStockStatus.RateLimited, null, null, group.Port.Source,
                        local.RetryAfter is { } reopens
                            ? $"The call budget for these {group.DisplayName} credentials is spent until {at + reopens:u}; the morning feed figures stand."
                            : $"Calls to {group.DisplayName} are paused after repeated failures; the morning feed figures stand.",
                        local.RetryAfter is { } wait ? at + wait : null));
                break;
            case AvailabilityAnswer.NotOffered notOffered:
                foreach (var part in parts) yield return (part, new Outcome(LiveStockStatus.NotAvailable, null, null, group.Port.Source, notOffered.Reason));
                break;
            case AvailabilityAnswer.Failed failed:
                logger.LogInformation("Live stock from {Distributor} failed: {Reason}", group.Port.Distributor, failed.Reason);
                foreach (var part in parts)
                    yield return (part, new Outcome(LiveStockStatus.Failed, null, null, group.Port.Source, $"{failed.Reason} The morning feed figures stand."));
                break;
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
