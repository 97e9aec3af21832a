using System.Collections.Concurrent;

namespace DropShip.Sandbox.Scripting;

/// <summary>
/// Scripts keyed by part number, shared by all four distributors (part numbers compare case-insensitively), and the
/// <see cref="Variants"/> of the answers' shapes.
/// </summary>
public sealed class SandboxScripts
{
    private readonly ConcurrentDictionary<string, PartScript> scripts = new(StringComparer.OrdinalIgnoreCase);
    private ApiVariants variants = new();
    private readonly ConcurrentDictionary<string, bool> revoked = new(StringComparer.Ordinal);

    /// <summary>The distributor stops accepting this credential (a dealer's key revoked): calls with it answer as a bad key does. WPS only.</summary>
    public void Revoke(string credential) => revoked[credential.Trim()] = true;

    public bool IsRevoked(string? credential) => credential is not null && revoked.ContainsKey(credential.Trim());

    /// <summary>The answer shapes in force (the documented defaults until set).</summary>
    /// <exception cref="ArgumentException">A page size below 1 or a negative page number.</exception>
    public ApiVariants Variants
    {
        get => Volatile.Read(ref variants);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            Volatile.Write(ref variants, value);
        }
    }

    /// <exception cref="ArgumentException">The script is inconsistent (unknown carrier, Packages below 1, negative counts or delays).</exception>
    public void Set(string partNumber, PartScript script)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partNumber);
        ArgumentNullException.ThrowIfNull(script);
        Validate(script);
        scripts[partNumber.Trim()] = script;
    }

    /// <summary>Clears every script and restores the default variants.</summary>
    public void Reset()
    {
        scripts.Clear();
        Variants = new ApiVariants();
    }

    public IReadOnlyDictionary<string, PartScript> All => new Dictionary<string, PartScript>(scripts, StringComparer.OrdinalIgnoreCase);

    /// <summary>The script for one part, or null. Tucker item numbers travel without dashes, so Tucker asks with <paramref name="ignoreDashes"/>.</summary>
    public PartScript? Find(string partNumber, bool ignoreDashes = false)
    {
        var key = partNumber.Trim();
        if (scripts.TryGetValue(key, out var script))
        {
            return script;
        }

        if (!ignoreDashes)
        {
            return null;
        }

        var undashed = Undashed(key);
        foreach (var (scriptedPart, candidate) in scripts)
        {
            if (string.Equals(Undashed(scriptedPart), undashed, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The one script that governs a whole order: the first line whose script does not simply accept (a failure anywhere fails the order),
    /// else the first scripted line, else the default (accept, never ship).
    /// </summary>
    internal PartScript Governing(IEnumerable<string> partNumbers, bool ignoreDashes = false)
    {
        var scripts = partNumbers.Select(part => Find(part, ignoreDashes)).OfType<PartScript>().ToList();
        return scripts.FirstOrDefault(script => script.Order != OrderBehavior.Accept) ?? scripts.FirstOrDefault() ?? new PartScript();
    }

    private static string Undashed(string partNumber) => partNumber.Replace("-", "", StringComparison.Ordinal);

    private static void Validate(PartScript script)
    {
        if (Carriers.Canonical(script.Carrier) is null)
        {
            throw new ArgumentException($"Unknown carrier '{script.Carrier}'; use UPS, FedEx, USPS or OnTrac.", nameof(script));
        }

        if (script.Packages < 1)
        {
            throw new ArgumentException("Packages must be at least 1.", nameof(script));
        }

        if (script.ShipAfterChecks < 0 || script.PartialAfterChecks < 0 || script.RateLimitedChecks < 0 || script.UnreadableChecks < 0)
        {
            throw new ArgumentException("Check counts may not be negative.", nameof(script));
        }

        if (script.Delay < TimeSpan.Zero || script.RetryAfter < TimeSpan.Zero || script.StockDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Delay, StockDelay and RetryAfter may not be negative.", nameof(script));
        }

        if (script.Stock < 0 || script.DealerPrice < 0 || script.DropShipFee < 0)
        {
            throw new ArgumentException("Stock, DealerPrice and DropShipFee may not be negative.", nameof(script));
        }

        if (script.PartialAfterChecks > 0 && script.ShipAfterChecks > 0 && script.PartialAfterChecks >= script.ShipAfterChecks)
        {
            throw new ArgumentException("PartialAfterChecks must be below ShipAfterChecks.", nameof(script));
        }
    }
}
