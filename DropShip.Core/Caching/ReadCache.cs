using System.Buffers;
using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Caching;

/// <summary>
/// The app's one cache: what this instance read recently (connections, feed snapshots, PO numbers, live stock answers,
/// Key Vault secrets), per <see cref="CacheRegion"/>, on <see cref="HybridCache"/> in memory only (no distributed layer:
/// each instance keeps its own copy for at most the region's setting).
/// <list type="bullet">
/// <item>Concurrent misses for one key share one read (HybridCache's stampede protection): 50 callers, one call.</item>
/// <item>A read that throws is not kept; nor is a value the caller's <c>keep</c> refuses (a refusal, a time-out): it is
/// handed to every caller waiting for that read, and the next caller reads again.</item>
/// <item>A read that overlaps a write is not kept: keys carry a version per region and per key (in 1,024 stripes), and a
/// writer on this instance bumps the version when its write has landed (<see cref="Invalidate"/>, <see cref="Clear"/>),
/// so whatever was read, or was being read, before then is under a key nobody asks for again and expires unseen.</item>
/// <item>Entries expire on the app's <see cref="TimeProvider"/> (the in-memory layer is given it as its clock), and at
/// most <see cref="CacheOptions.MaxEntries"/> are kept.</item>
/// </list>
/// Values never leave the process, so none is ever turned into bytes (HybridCache would serialize to measure an entry;
/// here each counts as one) and every value is handed out as the same instance: cached values must not be changed.
/// </summary>
public sealed class ReadCache : IDisposable
{
    private const int Stripes = 1024;

    /// <summary>Every entry's flags: no distributed layer, and nothing compressed (values never become bytes).</summary>
    private const HybridCacheEntryFlags InMemoryOnly = HybridCacheEntryFlags.DisableDistributedCache | HybridCacheEntryFlags.DisableCompression;

    private static readonly HybridCacheEntryOptions Peek = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCache,
    };

    private readonly ServiceProvider owned;
    private readonly HybridCache cache;
    private readonly CacheOptions settings;
    private readonly ConcurrentDictionary<CacheRegion, Versions> versions = new();
    private readonly ConcurrentDictionary<CacheRegion, HybridCacheEntryOptions> entries = new();

    public ReadCache(IOptions<CacheOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        settings = options.Value;
        // A composition of its own: the in-memory layer runs on the app's clock and is bounded, and nothing else shares it.
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddSingleton(clock);
        services.AddSingleton<IMemoryCache>(_ => new MemoryCache(
            Options.Create(new MemoryCacheOptions { Clock = new ClockOf(clock), SizeLimit = settings.MaxEntries }), loggers));
        services.AddHybridCache(hybrid => hybrid.DefaultEntryOptions = new HybridCacheEntryOptions
        {
            Flags = InMemoryOnly,
        }).AddSerializerFactory(new InProcessOnly());
        owned = services.BuildServiceProvider();
        cache = owned.GetRequiredService<HybridCache>();
    }

    /// <summary>
    /// The value kept for <paramref name="key"/>; else the read in flight for it; else <paramref name="read"/>, kept for the
    /// region's time unless it throws or <paramref name="keep"/> says no. A region set to zero reads every time.
    /// </summary>
    /// <param name="read">Shared by every caller who asks meanwhile: its token is cancelled only when all of them stop waiting.</param>
    public async ValueTask<T> GetOrReadAsync<T>(CacheRegion region, string key, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken,
        Func<T, bool>? keep = null)
    {
        if (region.Duration(settings) <= TimeSpan.Zero) return await read(cancellationToken);
        try
        {
            var held = await cache.GetOrCreateAsync(KeyOf(region, key), (read, keep), static async (state, token) =>
            {
                var value = await state.read(token);
                return state.keep is null || state.keep(value) ? new Held<T>(value) : throw new NotKept<T>(value);
            }, EntryOf(region), cancellationToken: cancellationToken);
            return held.Value;
        }
        catch (NotKept<T> notKept)
        {
            return notKept.Value;
        }
    }

    /// <summary>What is kept for <paramref name="key"/>, without reading anything or joining a read in flight.</summary>
    public async ValueTask<(bool Found, T? Value)> FindAsync<T>(CacheRegion region, string key)
    {
        var held = await cache.GetOrCreateAsync<Held<T>?>(KeyOf(region, key), static _ => default, Peek);
        return held is null ? (false, default) : (true, held.Value);
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="keepFor"/> (for entries whose life is not a setting).</summary>
    public ValueTask KeepAsync<T>(CacheRegion region, string key, T value, TimeSpan keepFor) =>
        keepFor <= TimeSpan.Zero
            ? ValueTask.CompletedTask
            : cache.SetAsync(KeyOf(region, key), new Held<T>(value), new HybridCacheEntryOptions
            {
                Expiration = keepFor,
                LocalCacheExpiration = keepFor,
                Flags = InMemoryOnly,
            });

    /// <summary>
    /// After this instance wrote what <paramref name="key"/> reads (call it when the write has landed, and when it failed,
    /// since a failed write may have landed): nothing read before is served again on this instance.
    /// </summary>
    public void Invalidate(CacheRegion region, string key)
    {
        var stripes = VersionsOf(region);
        var stale = KeyOf(region, key);
        Interlocked.Increment(ref stripes.Keys[StripeOf(key)]);
        _ = cache.RemoveAsync(stale); // in memory: done at once; only frees the room early
    }

    /// <summary>After this instance wrote what many keys of <paramref name="region"/> read (a feed applied).</summary>
    public void Clear(CacheRegion region) => Interlocked.Increment(ref VersionsOf(region).Region);

    public void Dispose() => owned.Dispose();

    private string KeyOf(CacheRegion region, string key)
    {
        var stripes = VersionsOf(region);
        return $"{region.Name}|{Volatile.Read(ref stripes.Region)}.{Volatile.Read(ref stripes.Keys[StripeOf(key)])}|{key}";
    }

    private Versions VersionsOf(CacheRegion region) => versions.GetOrAdd(region, _ => new Versions());

    private HybridCacheEntryOptions EntryOf(CacheRegion region) => entries.GetOrAdd(region, r => new HybridCacheEntryOptions
    {
        Expiration = r.Duration(settings),
        LocalCacheExpiration = r.Duration(settings),
        Flags = InMemoryOnly,
    });

    private static int StripeOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % Stripes);

    private sealed class Versions
    {
        public long Region;
        public readonly long[] Keys = new long[Stripes];
    }

    /// <summary>A cached value as HybridCache holds it: immutable to it, so it hands out this instance instead of a copy.</summary>
    [ImmutableObject(true)]
    private sealed class Held<T>(T value)
    {
        public T Value { get; } = value;
    }

    /// <summary>A read to hand to its callers but not to keep: thrown from the shared read, since HybridCache keeps nothing that throws.</summary>
    private sealed class NotKept<T>(T value) : Exception("A read not to keep.")
    {
        public T Value { get; } = value;
    }

    /// <summary>HybridCache measures an entry by its serialized form; values here never leave the process, so each is one byte.</summary>
    private sealed class InProcessOnly : IHybridCacheSerializerFactory
    {
        public bool TryCreateSerializer<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IHybridCacheSerializer<T>? serializer)
        {
            serializer = typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(Held<>) ? new OneByte<T>() : null;
            return serializer is not null;
        }
    }

    private sealed class OneByte<T> : IHybridCacheSerializer<T>
    {
        public T Deserialize(ReadOnlySequence<byte> source) => throw new NotSupportedException("Cached values are never read back from bytes.");

        public void Serialize(T value, IBufferWriter<byte> target)
        {
            target.GetSpan(1)[0] = 0;
            target.Advance(1);
        }
    }

    /// <summary>The in-memory layer's clock: the app's, so entries expire when the app's time says (a test moves it).</summary>
    private sealed class ClockOf(TimeProvider clock) : ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
