using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox;

/// <summary>
/// One distributor's model on the sandbox host: its key (the name the app gives it: routes, settings, recorded requests), the
/// path prefix of each of its hosts and the routes it answers beneath them. Each lives in the distributor's folder and is
/// listed once in <see cref="SandboxEmulators.All"/>; the recorded requests and the app settings that point the app at the
/// sandbox (<see cref="SandboxServer.DistributorSettings"/>) follow from these alone.
/// </summary>
public interface IDistributorEmulator
{
    /// <summary>The distributor's key, as in the app's registry, e.g. "tucker-rocky".</summary>
    string Distributor { get; }

    /// <summary>Where the distributor's production host lives on the sandbox, e.g. "/wps".</summary>
    string ProductionPrefix { get; }

    /// <summary>Where its test host lives, with state of its own; null when the distributor has no test host.</summary>
    string? TestPrefix { get; }

    /// <summary>
    /// True when the distributor's base URL is one endpoint (TRWS: every call goes to one path) rather than a folder that
    /// relative paths resolve beneath (then the base URL ends in '/').
    /// </summary>
    bool BaseUrlIsOnePath { get; }

    /// <summary>Maps one host's routes under <paramref name="prefix"/>; called once per host, each with state of its own.</summary>
    void Map(IEndpointRouteBuilder routes, string prefix, SandboxContext context);
}

/// <summary>What every emulator shares: the part scripts, the clock and the held requests of scripted delays.</summary>
public sealed record SandboxContext(SandboxScripts Scripts, TimeProvider Clock, ScriptedDelays Delays);
