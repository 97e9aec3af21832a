using DropShip.Sandbox;

namespace DropShip.Tests.Sandbox;

/// <summary>The one fixture for tests of the sandbox itself: each test starts its own server and a client on it, so scripts, orders and the request log never leak between tests.</summary>
public abstract class SandboxOverHttp : IAsyncLifetime
{
    protected SandboxServer server = null!;
    protected HttpClient http = null!;

    public async Task InitializeAsync()
    {
        server = await SandboxServer.StartAsync();
        http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }
}
