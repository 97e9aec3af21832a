using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Azure;
using Azure.Data.Tables;
using DropShip.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Distributors.Budgets;

/// <summary>
/// A distributor's per-credential budget (per second, and optionally per hour and per day) held for the whole app, however
/// many instances it runs on. Each credential has one row in table <see cref="CallBudgetOptions.Table"/> (PartitionKey its
/// <see cref="CredentialFingerprint"/>, RowKey the distributor) counting the calls of the current short window, hour and day.
/// An instance leases a slice of what is left (as many permits as it has calls waiting) with one optimistic write (the row's
/// ETag), and spends the slice locally; a slice is good only within the short window it was taken in.
/// <para>
/// Cost: one storage transaction per lease while this instance is the only writer of the row (it keeps the ETag of its own
/// last write), three when another instance wrote in between (412, read, write). Concurrent calls on one instance share
/// a lease, so a burst costs one lease per short window; calls one at a time cost one lease each. A spent window is
/// remembered locally until it reopens, so refusals cost nothing.
/// </para>
/// <para>
/// Lookups (tracking, live stock, verify) take a permit before each attempt, or wait for the next short window when at most
/// <see cref="DistributorResilienceOptions.RateLimitQueue"/> others wait already; otherwise, and when the hour or the day is
/// spent, they are refused with the time the window reopens (RateLimited, never an error). Orders are only counted
/// (<see cref="Count"/>): never refused or delayed. Windows are fixed and aligned to UTC; the instances' clocks are assumed
/// to agree within a fraction of a second, as Azure's do.
/// </para>
/// <para>
/// Windows and waits run on a clock of their own (the keyed service <see cref="ClockKey"/>, <see cref="TimeProvider.System"/>
/// unless replaced), not the app's <see cref="TimeProvider"/>: a distributor counts real seconds, and a caller waiting for
/// the next second must be woken by one passing even where the app's clock stands still (a test's fake clock). Tests that
/// move hours and days of budget register their fake clock under this key.
/// </para>
/// </summary>
public sealed class CallBudget(
    TableServiceClient tables,
    IOptions<CallBudgetOptions> options,
    IOptionsMonitor<DistributorResilienceOptions> resilience,
    IOptionsMonitor<DistributorQuotaOptions> quotas,
    [FromKeyedServices(CallBudget.ClockKey)] TimeProvider clock,
    ILogger<CallBudget> logger)
{
    /// <summary>The key of the budget's clock among the app's services.</summary>
    public const string ClockKey = "DropShip.CallBudget.Clock";

    /// <summary>How long an instance refuses a credential's lookups after the budget row could not be read or written.</summary>
    public static readonly TimeSpan PauseAfterStorageFailure = TimeSpan.FromSeconds(10);

    private const int MaxWriteAttempts = 10;
    private readonly AppTable table = new(tables, options.Value.Table);
    private readonly ConcurrentDictionary<(string Distributor, string Credential), Account> accounts = new();

    /// <summary>The distributor's limits per credential; null when nothing limits it.</summary>
    public BudgetLimits? LimitsOf(string distributor) =>
        BudgetLimits.From(resilience.Get(distributor).PermitsPerSecond, quotas.Get(distributor).PerHour, quotas.Get(distributor).PerDay);

    /// <summary>A permit for one lookup attempt, or a refusal that says when to try again.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(string distributor, string credential, CancellationToken cancellationToken)
    {
        if (LimitsOf(distributor) is not { } limits) return Permit.Granted;
        var account = accounts.GetOrAdd((distributor, credential), key => new Account(key.Distributor, key.Credential));
        var queueLimit = Math.Max(0, resilience.Get(distributor).RateLimitQueue);
        var wanting = false;
        var queued = false;
        try
        {
            while (true)
            {
                Task? lease = null;
                DateTimeOffset spentUntil;
                lock (account.Gate)
                {
                    var now = clock.GetUtcNow();
                    account.Roll(BudgetWindows.Index(now, limits.ShortWindow));
                    if (account.Available > 0)
                    {
                        account.Available--;
                        if (wanting) account.Wanting--;
                        wanting = false;
                        return Permit.Granted;
                    }
                    spentUntil = account.SpentUntil;
                    if (spentUntil <= now)
                    {
                        if (!wanting) account.Wanting++;
                        wanting = true;
                        lease = account.Leasing ??= LeaseAsync(account, limits);
                    }
                    else
                    {
                        if (wanting) account.Wanting--;
                        wanting = false;
                    }
                }
                if (lease is not null)
                {
                    await lease.WaitAsync(cancellationToken);
                    continue;
                }

                // Only the short window is worth waiting for, and only by the first RateLimitQueue callers; a spent hour
                // or day is handed back at once, so tracking waits on its durable timer instead of holding an instance.
                var wait = spentUntil - clock.GetUtcNow();
                if (wait <= limits.ShortWindow && (queued || (queued = account.TryQueue(queueLimit))))
                {
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
                    continue;
                }
                return Permit.Refused(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            }
        }
        finally
        {
            if (queued) account.Dequeue();
            if (wanting)
            {
                lock (account.Gate) account.Wanting--;
            }
        }
    }

    /// <summary>
    /// Counts a call sent without a permit (an order: a dealer's order outranks a background check, and an order call is
    /// never repeated). The count reaches the shared row with this instance's next lease, started now in the background.
    /// </summary>
    public void Count(string distributor, string credential)
    {
        if (LimitsOf(distributor) is not { } limits) return;
        var account = accounts.GetOrAdd((distributor, credential), key => new Account(key.Distributor, key.Credential));
        lock (account.Gate)
        {
            account.Unsent++;
            account.Leasing ??= LeaseAsync(account, limits);
        }
    }

    /// <summary>Started under the account's lock; at most one per account at a time.</summary>
    private async Task LeaseAsync(Account account, BudgetLimits limits)
    {
        await Task.Yield();
        int wanted, unsent;
        lock (account.Gate)
        {
            (wanted, unsent) = (account.Wanting, account.Unsent);
            account.Unsent = 0;
        }
        (BudgetGrant Grant, DateTimeOffset At)? taken = null;
        try
        {
            taken = await TakeAsync(account, limits, wanted, unsent);
        }
        catch (Exception ex)
        {
            // Only the type: the row key is a fingerprint, but keep storage messages out of the log as everywhere else.
            logger.LogWarning("The call budget of a {Distributor} credential could not be leased ({Failure}); its lookups pause for {PauseSeconds} s",
                account.Distributor, ex.GetType().Name, PauseAfterStorageFailure.TotalSeconds);
        }
        lock (account.Gate)
        {
            account.Leasing = null;
            if (taken is not { } lease)
            {
                account.Unsent += unsent;
                account.SpentUntil = clock.GetUtcNow() + PauseAfterStorageFailure;
                return;
            }
            // A slice is good only in the window it was leased for; one that came back after its window is spent for nothing.
            var leased = BudgetWindows.Index(lease.At, limits.ShortWindow);
            if (account.Window <= leased)
            {
                account.Roll(leased);
                account.Available += lease.Grant.Granted;
            }
            if (lease.Grant.ReopensAt is { } reopens) account.SpentUntil = reopens;
            // Orders counted while this lease was in flight go out with the next one.
            if (account.Unsent > 0) account.Leasing = LeaseAsync(account, limits);
        }
    }

    private async Task<(BudgetGrant Grant, DateTimeOffset At)> TakeAsync(Account account, BudgetLimits limits, int wanted, int unsent)
    {
        var client = await table.GetAsync();
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var known = account.Known ?? await ReadAsync(client, account);
            var grant = BudgetWindows.Take(known.Usage, limits, now, wanted, unsent);
            // Nothing to write: the row as last seen has no room, and a row only fills up within a window.
            if (!grant.Changed) return (grant, now);
            try
            {
                var entity = Entity(account, grant.Usage);
                var response = known.ETag is { } etag
                    ? await client.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace)
                    : await client.AddEntityAsync(entity);
                account.Known = new Stored(grant.Usage, response.Headers.ETag);
                return (grant, now);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxWriteAttempts)
            {
                account.Known = null; // another instance wrote first: read its counts and try again
            }
        }
    }

    private static async Task<Stored> ReadAsync(TableClient client, Account account)
    {
        var found = await client.GetEntityIfExistsAsync<TableEntity>(account.Credential, account.Distributor);
        if (!found.HasValue || found.Value is not { } row) return new Stored(null, null);
        return new Stored(new BudgetUsage(
            row.GetInt64("ShortWindow") ?? 0, row.GetInt32("ShortUsed") ?? 0,
            row.GetInt64("HourWindow") ?? 0, row.GetInt32("HourUsed") ?? 0,
            row.GetInt64("DayWindow") ?? 0, row.GetInt32("DayUsed") ?? 0), row.ETag);
    }

    private static TableEntity Entity(Account account, BudgetUsage usage) => new(account.Credential, account.Distributor)
    {
        ["ShortWindow"] = usage.ShortWindow,
        ["ShortUsed"] = usage.ShortUsed,
        ["HourWindow"] = usage.HourWindow,
        ["HourUsed"] = usage.HourUsed,
        ["DayWindow"] = usage.DayWindow,
        ["DayUsed"] = usage.DayUsed,
    };

    private sealed record Stored(BudgetUsage? Usage, ETag? ETag);

    /// <summary>This instance's view of one credential: permits leased for <see cref="Window"/>, callers waiting, orders not yet counted.</summary>
    private sealed class Account(string distributor, string credential)
    {
        public readonly Lock Gate = new();
        private int queued;

        public string Distributor { get; } = distributor;
        public string Credential { get; } = credential;
        public long Window { get; private set; } = -1;
        public int Available { get; set; }
        public int Wanting { get; set; }
        public int Unsent { get; set; }
        public DateTimeOffset SpentUntil { get; set; }
        public Task? Leasing { get; set; }

        /// <summary>The row as this instance last read or wrote it; only the lease in flight touches it.</summary>
        public Stored? Known { get; set; }

        /// <summary>Permits of a window that has passed are worth nothing.</summary>
        public void Roll(long window)
        {
            if (Window == window) return;
            Window = window;
            Available = 0;
        }

        public bool TryQueue(int limit)
        {
            if (Interlocked.Increment(ref queued) <= limit) return true;
            Interlocked.Decrement(ref queued);
            return false;
        }

        public void Dequeue() => Interlocked.Decrement(ref queued);
    }

    private sealed class Permit(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Permit Granted = new(true, null);

        public static Permit Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }

        protected override void Dispose(bool disposing)
        {
            // Shared instance for Granted: nothing to release (a permit is spent when taken, as a fixed window counts it).
        }
    }
}
