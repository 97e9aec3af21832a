namespace DropShip.Core.Storage;

/// <summary>
/// The app's one cache (connections, feed snapshots, PO number series, live stock answers, Key Vault secrets): in-process,
/// each entry kept for a fixed time by the injected clock (so tests move it). Concurrent misses for one key share a single
/// read, also when one read fetches many keys at once (<see cref="GetOrReadManyAsync"/>: a batched distributor call). A
/// failed read is not kept, nor a value the owner's <c>keep</c> rule refuses (a throttled or unknown answer). Bounded: when
/// it holds <paramref name="capacity"/> entries, the expired ones are dropped, and everything if that frees nothing (it is
/// a cache, not a store). Writers on this instance call <see cref="Invalidate"/> (or <see cref="Clear"/>) before and after
/// they write; a read that overlapped either call is returned to its callers but not kept, so this instance never serves
/// what it read before its own write. Other instances see a change when their entry expires.
/// <para>
/// Why not HybridCache: its coalescing is the same, but its in-memory level copies every value that is not a sealed type
/// marked immutable through a serializer on each hit, its expiry runs on MemoryCache's own clock rather than the app's
/// TimeProvider, and it has no batched miss; nothing here is shared between instances, so its second level buys nothing.
/// </para>
/// </summary>
public sealed class ReadCache<TKey, TValue>(TimeProvider clock, TimeSpan duration, int capacity, Func<TValue, bool>? keep = null) where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, Entry> entries = [];
    private long generation;

    /// <param name="read">Runs without the caller's cancellation, since other callers may share it; each caller stops waiting on its own token.</param>
    public Task<TValue> GetOrReadAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> read, CancellationToken cancellationToken)
    {
        if (duration <= TimeSpan.Zero) return read(key, cancellationToken);
        TaskCompletionSource<TValue> source;
        long readGeneration;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (entries.TryGetValue(key, out var entry) && now < entry.ExpiresAt) return entry.Value.WaitAsync(cancellationToken);
            if (entries.Count >= capacity) Trim(now);
            source = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            readGeneration = generation;
            entries[key] = new Entry(source.Task, DateTimeOffset.MaxValue); // in flight: later callers share it
        }
        _ = FillAsync([(key, source)], async (_, token) => new Dictionary<TKey, TValue> { [key] = await read(key, token) }, readGeneration);
        return source.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Each key's value: kept ones, reads in flight (shared), and one call of <paramref name="read"/> for all the others.
    /// A key the read leaves out of its answer fails for its callers (and is not kept).
    /// </summary>
    public Task<TValue>[] GetOrReadManyAsync(IReadOnlyList<TKey> keys, Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read,
        CancellationToken cancellationToken)
    {
        var values = new Task<TValue>[keys.Count];
        var misses = new List<(TKey Key, TaskCompletionSource<TValue> Source)>();
        long readGeneration;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            readGeneration = generation;
            for (var i = 0; i < keys.Count; i++)
            {
                if (duration > TimeSpan.Zero && entries.TryGetValue(keys[i], out var entry) && now < entry.ExpiresAt)
                {
                    values[i] = entry.Value;
                    continue;
                }
                if (misses.FirstOrDefault(m => EqualityComparer<TKey>.Default.Equals(m.Key, keys[i])) is { Source: { } repeated })
                {
                    values[i] = repeated.Task;
                    continue;
                }
                var source = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
                misses.Add((keys[i], source));
                values[i] = source.Task;
                if (duration <= TimeSpan.Zero) continue;
                if (entries.Count >= capacity) Trim(now);
                entries[keys[i]] = new Entry(source.Task, DateTimeOffset.MaxValue);
            }
        }
        if (misses.Count > 0) _ = FillAsync(misses, read, readGeneration);
        return values.Select(v => v.WaitAsync(cancellationToken)).ToArray();
    }

    public void Invalidate(TKey key)
    {
        lock (gate)
        {
            generation++;
            entries.Remove(key);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            generation++;
            entries.Clear();
        }
    }

    private async Task FillAsync(IReadOnlyList<(TKey Key, TaskCompletionSource<TValue> Source)> misses,
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read, long readGeneration)
    {
        IReadOnlyDictionary<TKey, TValue> found;
        try
        {
            found = await read(misses.Select(m => m.Key).ToList(), CancellationToken.None);
        }
        catch (Exception e)
        {
            lock (gate)
            {
                foreach (var (key, source) in misses) Forget(key, source);
            }
            foreach (var (_, source) in misses) source.SetException(e);
            return;
        }
        lock (gate)
        {
            foreach (var (key, source) in misses)
            {
                if (generation == readGeneration && found.TryGetValue(key, out var value) && (keep is null || keep(value))
                    && entries.TryGetValue(key, out var entry) && entry.Value == source.Task)
                    entries[key] = entry with { ExpiresAt = clock.GetUtcNow() + duration };
                else Forget(key, source);
            }
        }
        foreach (var (key, source) in misses)
        {
            if (found.TryGetValue(key, out var value)) source.SetResult(value);
            else source.SetException(new KeyNotFoundException("The read did not answer for one of its keys."));
        }
    }

    private void Forget(TKey key, TaskCompletionSource<TValue> source)
    {
        if (entries.TryGetValue(key, out var entry) && entry.Value == source.Task) entries.Remove(key);
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, entry) in entries)
            if (entry.ExpiresAt <= now) entries.Remove(key);
        if (entries.Count >= capacity) entries.Clear();
    }

    private readonly record struct Entry(Task<TValue> Value, DateTimeOffset ExpiresAt);
}
