using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Eligibility;

/// <summary>
/// Asks the distributors what they have now, for eligibility and for the submit guard, within
/// <see cref="LiveStockOptions.Budget"/> (on the app's clock). Answers are reused for a short while per store account and part
/// (<see cref="LiveStockCache"/>); an account the distributor throttled is not asked again until it said so; every call goes
/// through the distributor's per-credential rate limiter and is never retried. When nothing usable comes back in time the
/// option says why and the morning feed figures stand.
/// </summary>
public sealed class LiveStock(
    IEnumerable<IDistributorAvailability> availabilities,
    DistributorRegistry distributors,
    LiveStockCache cache,
    IOptionsMonitor<LiveStockOptions> options,
    TimeProvider clock,
    ILogger<LiveStock> logger)
{
    private readonly Dictionary<string, IDistributorAvailability> byDistributor =
        availabilities.ToDictionary(a => a.Distributor, StringComparer.OrdinalIgnoreCase);

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
                LiveStockCache.AccountKey(storeId, distributor.Profile.Key, connection.TestMode, connection.Settings),
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
        if (!Enabled || distributors.Find(account.Distributor) is not { } distributor || !byDistributor.TryGetValue(account.Distributor, out var port)) return null;
        var group = new Group(port, distributor.Profile.DisplayName,
            LiveStockCache.AccountKey(account.StoreId, distributor.Profile.Key, account.TestMode, account.Settings), [partNumber],
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
        var asking = new List<Task<IReadOnlyList<(string Part, Outcome Outcome)>>>();
        var budget = options.CurrentValue.Budget;
        using var deadline = new CancellationTokenSource(budget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var pending = new List<Group>();
        foreach (var group in groups)
        {
            var misses = new List<string>();
            var paused = cache.PausedUntil(group.AccountKey);
            foreach (var part in group.Parts)
            {
                if (cache.Find(group.AccountKey, part) is { } cached)
                    Put(group, part, cached.Figures is { } figures
                        ? new Outcome(LiveStockStatus.Ok, figures, cached.AsOf, group.Port.Source)
                        : new Outcome(LiveStockStatus.UnknownPart, null, cached.AsOf, group.Port.Source, $"{group.DisplayName} does not list this part."));
                else if (paused is { } until)
                    Put(group, part, RateLimited(group, until));
                else
                    misses.Add(part);
            }
            if (misses.Count == 0) continue;
            pending.Add(group);
            asking.Add(AskAccountAsync(group with { Parts = misses }, deadline, linked.Token, cancellationToken));
        }

        foreach (var (group, answered) in pending.Zip(await Task.WhenAll(asking)))
            foreach (var (part, outcome) in answered) Put(group, part, outcome);
        return outcomes;

        void Put(Group group, string part, Outcome outcome) => outcomes[(group.Port.Distributor.ToLowerInvariant(), PartNumbers.Normalize(part))] = outcome;
    }

    private async Task<IReadOnlyList<(string Part, Outcome Outcome)>> AskAccountAsync(
        Group group, CancellationTokenSource deadline, CancellationToken token, CancellationToken callerToken)
    {
        try
        {
            var account = await group.ReadAccount(token);
            if (account is null)
                return group.Parts.Select(p => (p, new Outcome(LiveStockStatus.Failed, null, null, group.Port.Source, $"{group.DisplayName} is not connected for this store."))).ToList();
            var batches = group.Parts.Chunk(Math.Max(1, group.Port.MaxPartsPerCall)).ToList();
            var answers = await Task.WhenAll(batches.Select(batch => group.Port.CheckAsync(account, batch, token)));
            return batches.Zip(answers).SelectMany(pair => Outcomes(group, pair.First, pair.Second)).ToList();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            logger.LogInformation("Live stock from {Distributor} did not answer within {BudgetMs} ms", group.Port.Distributor, (long)options.CurrentValue.Budget.TotalMilliseconds);
            var message = $"{group.DisplayName} did not answer within {options.CurrentValue.Budget.TotalSeconds:0.#} s; the morning feed figures stand.";
            return group.Parts.Select(p => (p, new Outcome(LiveStockStatus.TimedOut, null, null, group.Port.Source, message))).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the type: a message could carry a URL, and Tucker's key travels in its query string.
            logger.LogWarning("Live stock from {Distributor} failed: {Failure}", group.Port.Distributor, ex.GetType().Name);
            return group.Parts.Select(p => (p, new Outcome(LiveStockStatus.Failed, null, null, group.Port.Source,
                $"{group.DisplayName} live stock could not be asked; the morning feed figures stand."))).ToList();
        }
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
                    cache.Keep(group.AccountKey, part, figures, at);
                    yield return (part, figures is not null
                        ? new Outcome(LiveStockStatus.Ok, figures, at, group.Port.Source)
                        : new Outcome(LiveStockStatus.UnknownPart, null, at, group.Port.Source, $"{group.DisplayName} does not list this part."));
                }
                break;
            case AvailabilityAnswer.RateLimited { ByDistributor: true } limited:
                var until = cache.Pause(group.AccountKey, limited.RetryAfter);
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
