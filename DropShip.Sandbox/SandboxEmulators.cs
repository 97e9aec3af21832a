using DropShip.Sandbox.Automatic;
using DropShip.Sandbox.PartsUnlimited;
using DropShip.Sandbox.Tucker;
using DropShip.Sandbox.Wps;

namespace DropShip.Sandbox;

/// <summary>The one list of emulated distributors: a distributor's emulator is its folder plus one line here.</summary>
public static class SandboxEmulators
{
    public static readonly IReadOnlyList<IDistributorEmulator> All =
    [
        new WpsEmulator(),
        new PartsUnlimitedEmulator(),
        new TuckerEmulator(),
        new AutomaticEmulator(),
    ];
}
