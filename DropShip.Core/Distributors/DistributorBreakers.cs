using System.Collections.Concurrent;
using Polly.CircuitBreaker;

namespace DropShip.Core.Distributors;

/// <summary>
/// The lookup circuit breaker of each distributor on this instance (one per distributor, DistributorResilience), so health
/// can say which distributor this instance has stopped calling. Each breaker a pipeline builds reports through its own
/// state provider; a rebuilt pipeline (options reloaded) replaces the distributor's entry.
/// </summary>
public sealed class DistributorBreakers
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> breakers = new(StringComparer.Ordinal);

    /// <summary>A new state provider for the breaker of <paramref name="distributor"/>'s pipeline being built.</summary>
    public CircuitBreakerStateProvider Watch(string distributor)
    {
        var provider = new CircuitBreakerStateProvider();
        breakers[distributor] = provider;
        return provider;
    }

    /// <summary>Distributors whose breaker is open (or isolated) now: calls to them are refused locally.</summary>
    public IReadOnlyList<string> Open() =>
        [.. breakers.Where(b => b.Value.CircuitState is CircuitState.Open or CircuitState.Isolated).Select(b => b.Key).Order(StringComparer.Ordinal)];
}
