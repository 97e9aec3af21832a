using DropShip.Core.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Unit;

/// <summary>The app's one cache (on HybridCache), on a fake clock: sharing, expiry, and the reads it must not keep.</summary>
public sealed class ReadCacheTests : IDisposable
{
    private static readonly CacheRegion Region = CacheRegion.Connections;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly List<ReadCache> caches = [];

    private ReadCache Cache(Action<CacheOptions>? settings = null)
    {
        var options = new CacheOptions { Connections = TimeSpan.FromSeconds(10) };
        settings?.Invoke(options);
        var cache = new ReadCache(Options.Create(options), clock, NullLoggerFactory.Instance);
        caches.Add(cache);
        return cache;
    }

    public void Dispose() => caches.ForEach(c => c.Dispose());

    /// <summary>A read the test completes by hand, counting how often it was started.</summary>
    private sealed class ManualRead
    {
        private TaskCompletionSource<string> pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int started;

        public int Started => Volatile.Read(ref started);

        public Task<string> ReadAsync(CancellationToken _)
        {
            Interlocked.Increment(ref started);
            return pending.Task;
        }

        public void Complete(string value)
        {
            var completing = pending;
            pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
            completing.SetResult(value);
        }

        public void Fail()
        {
            var failing = pending;
            pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
            failing.SetException(new IOException("storage unreachable"));
        }
    }

    [Fact]
    public async Task Fifty_concurrent_misses_share_one_read_and_the_value_is_kept_until_it_expires_on_the_app_clock()
    {
        var cache = Cache();
        var read = new ManualRead();

        var waiting = Enumerable.Range(0, 50).Select(_ => cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None).AsTask()).ToList();
        read.Complete("v1");

        Assert.All(await Task.WhenAll(waiting), value => Assert.Equal("v1", value));
        Assert.Equal(1, read.Started);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("v1", await cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None));
        Assert.Equal(1, read.Started);

        clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None);
        read.Complete("v2");
        Assert.Equal(("v2", 2), (await fresh, read.Started));
    }

    [Fact]
    public async Task Callers_that_stop_waiting_do_not_stop_the_read_the_others_share()
    {
        var cache = Cache();
        var read = new ManualRead();
        using var impatient = new CancellationTokenSource();

        var gaveUp = cache.GetOrReadAsync(Region, "store", read.ReadAsync, impatient.Token).AsTask();
        var patient = cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None).AsTask();
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        while (read.Started == 0) await Task.Yield(); // the shared read runs on the thread pool once a caller can cancel
        read.Complete("v");

        Assert.Equal(("v", 1), (await patient, read.Started));
    }

    [Fact]
    public async Task A_read_that_overlaps_a_write_is_returned_to_its_callers_but_not_kept()
    {
        var cache = Cache();
        var read = new ManualRead();

        var before = cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None);
        cache.Invalidate(Region, "store"); // a save on this instance landed while the read was in flight
        read.Complete("old");
        Assert.Equal("old", await before);

        var after = cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None);
        read.Complete("new");
        Assert.Equal(("new", 2), (await after, read.Started));
        Assert.Equal("new", await cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None));
        Assert.Equal(2, read.Started);
    }

    [Fact]
    public async Task Clearing_a_region_ends_every_entry_and_every_read_in_flight_of_it_and_only_of_it()
    {
        var cache = Cache(o => o.StockSnapshots = TimeSpan.FromMinutes(5));
        var reads = 0;
        Task<string> Read(CancellationToken _) => Task.FromResult("v" + Interlocked.Increment(ref reads));
        await cache.GetOrReadAsync(CacheRegion.StockSnapshots, "wps|A", Read, CancellationToken.None);
        await cache.GetOrReadAsync(CacheRegion.StockSnapshots, "wps|B", Read, CancellationToken.None);
        await cache.GetOrReadAsync(Region, "store", Read, CancellationToken.None);
        var inFlight = new ManualRead();
        var overlapping = cache.GetOrReadAsync(CacheRegion.StockSnapshots, "wps|C", inFlight.ReadAsync, CancellationToken.None);

        cache.Clear(CacheRegion.StockSnapshots); // a feed applied on this instance
        inFlight.Complete("old C");
        Assert.Equal("old C", await overlapping);

        Assert.Equal("v4", await cache.GetOrReadAsync(CacheRegion.StockSnapshots, "wps|A", Read, CancellationToken.None));
        Assert.Equal("v5", await cache.GetOrReadAsync(CacheRegion.StockSnapshots, "wps|C", Read, CancellationToken.None));
        Assert.Equal("v3", await cache.GetOrReadAsync(Region, "store", Read, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_read_is_not_kept_and_every_caller_waiting_for_it_gets_the_failure()
    {
        var cache = Cache();
        var read = new ManualRead();

        var failing = Enumerable.Range(0, 5).Select(_ => cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None).AsTask()).ToList();
        read.Fail();
        foreach (var call in failing) await Assert.ThrowsAsync<IOException>(() => call);
        Assert.Equal(1, read.Started);

        var retry = cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None);
        read.Complete("v");
        Assert.Equal(("v", 2), (await retry, read.Started));
    }

    [Fact]
    public async Task A_value_the_caller_says_not_to_keep_is_handed_to_everyone_waiting_and_read_again_next_time()
    {
        var cache = Cache();
        var read = new ManualRead();
        static bool Answered(string value) => value != "refused";

        var waiting = Enumerable.Range(0, 5).Select(_ => cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None, keep: Answered).AsTask()).ToList();
        read.Complete("refused");
        Assert.All(await Task.WhenAll(waiting), value => Assert.Equal("refused", value));
        Assert.Equal(1, read.Started);

        var next = cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None, keep: Answered);
        read.Complete("answer");
        Assert.Equal(("answer", 2), (await next, read.Started));
        Assert.Equal("answer", await cache.GetOrReadAsync(Region, "store", read.ReadAsync, CancellationToken.None, keep: Answered));
        Assert.Equal(2, read.Started);
    }

    [Fact]
    public async Task Kept_entries_are_found_without_reading_until_their_own_time_is_up()
    {
        var cache = Cache();
        await cache.KeepAsync(CacheRegion.LiveStockPauses, "account", clock.GetUtcNow().AddSeconds(30), TimeSpan.FromSeconds(30));

        Assert.Equal((true, clock.GetUtcNow().AddSeconds(30)), await cache.FindAsync<DateTimeOffset>(CacheRegion.LiveStockPauses, "account"));
        Assert.False((await cache.FindAsync<DateTimeOffset>(CacheRegion.LiveStockPauses, "other")).Found);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False((await cache.FindAsync<DateTimeOffset>(CacheRegion.LiveStockPauses, "account")).Found);
    }

    [Fact]
    public async Task At_most_max_entries_are_kept_and_a_read_beyond_is_used_but_not_kept()
    {
        var cache = Cache(o => o.MaxEntries = 2);
        var reads = 0;
        Task<string> Read(CancellationToken _) => Task.FromResult("v" + Interlocked.Increment(ref reads));

        foreach (var key in new[] { "a", "b", "c", "a", "b", "c" }) await cache.GetOrReadAsync(Region, key, Read, CancellationToken.None);

        Assert.Equal(4, reads); // a and b kept; c read twice
    }

    [Fact]
    public async Task A_zero_duration_reads_every_time()
    {
        var cache = Cache(o => o.Connections = TimeSpan.Zero);
        var reads = 0;
        for (var i = 0; i < 3; i++) await cache.GetOrReadAsync(Region, "k", _ => Task.FromResult("v" + ++reads), CancellationToken.None);
        Assert.Equal(3, reads);
    }
}
