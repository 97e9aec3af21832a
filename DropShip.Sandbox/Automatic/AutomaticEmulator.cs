namespace DropShip.Sandbox.Automatic;

/// <summary>Automatic Distributors (assumed shapes, see README): production under /automatic, test under /automatic-test.</summary>
internal sealed class AutomaticEmulator : IDistributorEmulator
{
    public string Distributor => "automatic";

    public string ProductionPrefix => "/automatic";

    public string? TestPrefix => "/automatic-test";

    public bool BaseUrlIsOnePath => false;

    public void Map(IEndpointRouteBuilder routes, string prefix, SandboxContext context) =>
        new AutomaticApi(context.Scripts, context.Clock, context.Delays).Map(routes, prefix);
}
