namespace DropShip.Sandbox;

/// <summary>
/// Where each distributor and environment lives on the one sandbox host: its emulator's prefixes. Production and test are
/// separate prefixes with separate state, so a test can prove which host an adapter used.
/// </summary>
public static class SandboxRoutes
{
    public const string Control = "/_sandbox";

    public const string Production = "production";
    public const string Test = "test";

    /// <summary>Each emulator's hosts: (prefix, environment), production first.</summary>
    public static IEnumerable<(string Prefix, string Environment)> Hosts(IDistributorEmulator emulator) =>
        emulator.TestPrefix is { } test ? [(emulator.ProductionPrefix, Production), (test, Test)] : [(emulator.ProductionPrefix, Production)];

    public static (string Distributor, string Environment) Identify(PathString path, IEnumerable<IDistributorEmulator> emulators)
    {
        foreach (var emulator in emulators)
        {
            foreach (var (prefix, environment) in Hosts(emulator))
            {
                if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return (emulator.Distributor, environment);
                }
            }
        }

        return ("unknown", Production);
    }
}
