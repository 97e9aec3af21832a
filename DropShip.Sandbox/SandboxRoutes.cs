namespace DropShip.Sandbox;

/// <summary>
/// The path prefix of each distributor and environment on the one sandbox host. Production and test are separate prefixes with
/// separate state, so a test can prove which host an adapter used.
/// </summary>
public static class SandboxRoutes
{
    public const string Wps = "/wps";
    public const string PartsUnlimitedProduction = "/pu/api";
    public const string PartsUnlimitedStaging = "/pu-stage/api";
    public const string TuckerProduction = "/tucker/bin/trws";
    public const string TuckerTest = "/tucker-test/bin/trws";
    public const string AutomaticProduction = "/automatic";
    public const string AutomaticTest = "/automatic-test";
    public const string Control = "/_sandbox";

    public const string Production = "production";
    public const string Test = "test";

    private static readonly (string Prefix, string Distributor, string Environment)[] Prefixes =
    [
        (Wps, "wps", Production),
        (PartsUnlimitedProduction, "parts-unlimited", Production),
        (PartsUnlimitedStaging, "parts-unlimited", Test),
        (TuckerProduction, "tucker-rocky", Production),
        (TuckerTest, "tucker-rocky", Test),
        (AutomaticProduction, "automatic", Production),
        (AutomaticTest, "automatic", Test),
    ];

    public static (string Distributor, string Environment) Identify(PathString path)
    {
        foreach (var (prefix, distributor, environment) in Prefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return (distributor, environment);
            }
        }

        return ("unknown", Production);
    }
}
