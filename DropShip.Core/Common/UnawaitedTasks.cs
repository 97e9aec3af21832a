namespace DropShip.Core.Common;

/// <summary>
/// Work a request starts ahead and may never await itself (a prefetched account, an early live-stock question): whoever
/// needs the outcome awaits the same work through its own path, so a failure here is only observed, never an unobserved
/// task exception.
/// </summary>
public static class UnawaitedTasks
{
    public static void Observe(this Task task) =>
        _ = task.ContinueWith(static started => _ = started.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
