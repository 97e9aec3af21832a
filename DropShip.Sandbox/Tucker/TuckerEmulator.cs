namespace DropShip.Sandbox.Tucker;

/// <summary>Tucker Rocky's TRWS, one path per host: production /tucker/bin/trws, test /tucker-test/bin/trws.</summary>
internal sealed class TuckerEmulator : IDistributorEmulator
{
    public string Distributor => "tucker-rocky";

    public string ProductionPrefix => "/tucker/bin/trws";

    public string? TestPrefix => "/tucker-test/bin/trws";

    public bool BaseUrlIsOnePath => true;

    public void Map(IEndpointRouteBuilder routes, string prefix, SandboxContext context) =>
        new TuckerApi(context.Scripts, context.Clock, context.Delays).Map(routes, prefix);
}
