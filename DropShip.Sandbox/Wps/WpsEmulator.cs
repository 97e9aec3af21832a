namespace DropShip.Sandbox.Wps;

/// <summary>WPS Data Depot v4 (orders, carts, items with inventory) under /wps; WPS has no test host.</summary>
internal sealed class WpsEmulator : IDistributorEmulator
{
    public string Distributor => "wps";

    public string ProductionPrefix => "/wps";

    public string? TestPrefix => null;

    public bool BaseUrlIsOnePath => false;

    public void Map(IEndpointRouteBuilder routes, string prefix, SandboxContext context)
    {
        new WpsApi(context.Scripts, context.Clock, context.Delays).Map(routes, prefix);
        new WpsInventoryApi(context.Scripts, context.Delays).Map(routes, prefix);
    }
}
