namespace DropShip.Core.Storage;

/// <summary>
/// An in-process cache of storage reads, each entry kept for a fixed time by the injected clock. Concurrent misses for
/// one key share a single read. Bounded: when it holds <paramref name="capacity"/> entries, the expired ones are
/// dropped, and everything if that frees nothing (it is a cache, not a store). Writers on this instance call
/// <see cref="Invalidate"/> (or <see cref="Clear"/>) before and after they write; a read that overlapped either call is
/// returned to its callers but not kept, so this instance never serves what it read before its own write. Other
/// instances see a change when their entry expires.
/// </summary>
public sealed class ReadCache<TKey, TValue>(TimeProvider clock, TimeSpan duration, int capacity) where TKey : notnull
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
        _ = FillAsync(key, read, source, readGeneration);
        return source.Task.WaitAsync(cancellationToken);
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

    private async Task FillAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> read, TaskCompletionSource<TValue> source, long readGeneration)
    {
        try
        {
            var value = await read(key, CancellationToken.None);
            lock (gate)
            {
                if (entries.TryGetValue(key, out var entry) && entry.Value == source.Task)
                {
                    if (generation == readGeneration) entries[key] = entry with { ExpiresAt = clock.GetUtcNow() + duration };
                    else entries.Remove(key);
                }
            }
            source.SetResult(value);
        }
        catch (Exception e)
        {
            lock (gate)
            {
                if (entries.TryGetValue(key, out var entry) && entry.Value == source.Task) entries.Remove(key);
            }
            source.SetException(e);
        }
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, entry) in entries)
            if (entry.ExpiresAt <= now) entries.Remove(key);
        if (entries.Count >= capacity) entries.Clear();
    }

    private readonly record struct Entry(Task<TValue> Value, DateTimeOffset ExpiresAt);
}
