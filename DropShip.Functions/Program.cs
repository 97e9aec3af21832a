using DropShip.Core;
using DropShip.Functions;
using DropShip.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Composition root of the isolated worker. Durable registers itself; nothing to add for it here.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddApplicationInsightsTelemetryWorkerService();
builder.Services.ConfigureFunctionsApplicationInsights();
// Invocation log scope (InvocationId, FunctionName, StoreId, PoNumber, Distributor) and Information logs to App Insights.
builder.AddDropShipTelemetry();
builder.Services.AddDropShipCore(builder.Configuration);
builder.Services.AddDropShipFunctions(builder.Configuration);
builder.Build().Run();
