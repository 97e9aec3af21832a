// Standalone: dotnet run --project DropShip.Sandbox -- --urls http://127.0.0.1:7071
// Serves all four distributors on one host under their own prefixes; see README.md.
using DropShip.Sandbox;

var app = SandboxApp.Build(args);
await app.RunAsync();
