using DropShip.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace DropShip.Tests.Unit;

public class ReadCacheTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));

    /// <summary>A read the test completes by hand, counting how often it was started.</summary>
    private sealed class ManualRead
    {
        private TaskCompletionSource<string> pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Started { get; private set; }

        public Task<string> ReadAsync(string key, CancellationToken _)
        {
            Started++;
            return pending.Task;
        }

        public void Complete(string value)
        {
            pending.SetResult(value);
            pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Fail()
        {
            pending.SetException(new IOException("storage unreachable"));
            pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    [Fact]
    public async Task Concurrent_misses_share_one_read_and_the_value_is_kept_until_it_expires()
    {
        var cache = new ReadCache<string, string>(clock, TimeSpan.FromSeconds(10), capacity: 10);
        var read = new ManualRead();

        var first = cache.GetOrReadAsync("store", read.ReadAsync, default);
        var second = cache.GetOrReadAsync("store", read.ReadAsync, default);
        read.Complete("v1");

        Assert.Equal(("v1", "v1", 1), (await first, await second, read.Started));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("v1", await cache.GetOrReadAsync("store", read.ReadAsync, default));
        Assert.Equal(1, read.Started);

        clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = cache.GetOrReadAsync("store", read.ReadAsync, default);
        read.Complete("v2");
        Assert.Equal(("v2", 2), (await fresh, read.Started));
    }

    [Fact]
    public async Task A_read_that_overlaps_a_write_is_returned_but_not_kept()
    {
        var cache = new ReadCache<string, string>(clock, TimeSpan.FromMinutes(1), capacity: 10);
        var read = new ManualRead();

        var before = cache.GetOrReadAsync("store", read.ReadAsync, default);
        cache.Invalidate("store"); // a save on this instance, while the read is in flight
        read.Complete("old");
        Assert.Equal("old", await before);

        var after = cache.GetOrReadAsync("store", read.ReadAsync, default);
        read.Complete("new");
        Assert.Equal(("new", 2), (await after, read.Started));
        Assert.Equal("new", await cache.GetOrReadAsync("store", read.ReadAsync, default));
    }

    [Fact]
    public async Task A_failed_read_is_not_kept()
    {
        var cache = new ReadCache<string, string>(clock, TimeSpan.FromMinutes(1), capacity: 10);
        var read = new ManualRead();

        var failing = cache.GetOrReadAsync("store", read.ReadAsync, default);
        read.Fail();
        await Assert.ThrowsAsync<IOException>(() => failing);

        var retry = cache.GetOrReadAsync("store", read.ReadAsync, default);
        read.Complete("v");
        Assert.Equal(("v", 2), (await retry, read.Started));
    }

    [Fact]
    public async Task A_full_cache_drops_expired_entries_first_and_everything_when_none_expired()
    {
        var cache = new ReadCache<int, int>(clock, TimeSpan.FromSeconds(10), capacity: 3);
        var reads = 0;
        Task<int> Read(int key, CancellationToken _) { reads++; return Task.FromResult(key); }

        await cache.GetOrReadAsync(1, Read, default);
        clock.Advance(TimeSpan.FromSeconds(10)); // 1 has expired
        await cache.GetOrReadAsync(2, Read, default);
        await cache.GetOrReadAsync(3, Read, default);
        await cache.GetOrReadAsync(4, Read, default); // full: 1 is dropped, 2 and 3 stay
        Assert.Equal(4, reads);
        await cache.GetOrReadAsync(2, Read, default);
        await cache.GetOrReadAsync(3, Read, default);
        Assert.Equal(4, reads);

        await cache.GetOrReadAsync(5, Read, default); // full, nothing expired: everything goes
        await cache.GetOrReadAsync(2, Read, default);
        Assert.Equal(6, reads);
    }

    [Fact]
    public async Task A_zero_duration_reads_every_time()
    {
        var cache = new ReadCache<string, string>(clock, TimeSpan.Zero, capacity: 10);
        var reads = 0;
        for (var i = 0; i < 3; i++) await cache.GetOrReadAsync("k", (_, _) => Task.FromResult("v" + ++reads), default);
        Assert.Equal(3, reads);
    }
}
