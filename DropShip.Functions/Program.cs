using DropShip.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Composition root of the isolated worker (DropShipApp). Durable registers itself; nothing to add for it here.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureDropShip();
builder.Build().Run();
