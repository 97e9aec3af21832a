using Azure.Core;
using Azure.Core.Pipeline;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// Lets no storage read through until <paramref name="required"/> reads wait at once. Reads issued one after another
/// never get there, and the first one fails after a generous bound instead of passing.
/// </summary>
public sealed class ConcurrentReadGate(int required) : HttpPipelinePolicy
{
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int held;

    public volatile bool Armed;

    public int Held => Volatile.Read(ref held);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Armed && message.Request.Method == RequestMethod.Get)
        {
            if (Interlocked.Increment(ref held) >= required) open.TrySetResult();
            await open.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);
}
