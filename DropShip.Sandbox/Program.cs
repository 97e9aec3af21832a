// Standalone: dotnet run --project DropShip.Sandbox -- --urls http://127.0.0.1:7071
// Serves every distributor of SandboxEmulators.All on one host under its own prefixes; see README.md.
using DropShip.Sandbox;

var app = SandboxApp.Build(args);
await app.RunAsync();
