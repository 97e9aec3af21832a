using DropShip.Core;
using DropShip.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Composition root of the isolated worker. Durable registers itself; nothing to add for it here.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddApplicationInsightsTelemetryWorkerService();
builder.Services.ConfigureFunctionsApplicationInsights();
builder.Services.AddDropShipCore(builder.Configuration);
builder.Services.AddDropShipFunctions(builder.Configuration);
builder.Build().Run();
