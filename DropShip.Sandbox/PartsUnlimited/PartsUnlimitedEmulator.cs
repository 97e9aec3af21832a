namespace DropShip.Sandbox.PartsUnlimited;

/// <summary>Parts Unlimited's drop-ship orders and inventory, production under /pu/api and staging under /pu-stage/api.</summary>
internal sealed class PartsUnlimitedEmulator : IDistributorEmulator
{
    public string Distributor => "parts-unlimited";

    public string ProductionPrefix => "/pu/api";

    public string? TestPrefix => "/pu-stage/api";

    public bool BaseUrlIsOnePath => false;

    public void Map(IEndpointRouteBuilder routes, string prefix, SandboxContext context)
    {
        new PartsUnlimitedApi(context.Scripts, context.Clock, context.Delays).Map(routes, prefix);
        new PartsUnlimitedInventoryApi(context.Scripts, context.Delays).Map(routes, prefix);
    }
}
