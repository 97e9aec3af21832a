using Azure.Data.Tables;
using DropShip.Functions.Health;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Health;

public class HealthFunctionTests
{
    [Fact]
    public async Task Healthy_when_storage_answers()
    {
        await using var app = await TestApp.StartAsync();
        var (status, body, _, _) = Http.Read(await app.Get<HealthFunction>().Health(Http.Request("GET")));
        Assert.Equal(200, status);
        Assert.Equal("reachable", body.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Unhealthy_503_when_storage_is_unreachable()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        var unreachable = new TableServiceClient(new Uri("http://127.0.0.1:9/devstoreaccount1"), new Azure.Data.Tables.TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])),
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        var (status, body, _, _) = Http.Read(await new HealthFunction(unreachable).Health(Http.Request("GET")));
        Assert.Equal(503, status);
        Assert.Equal("unreachable", body.GetProperty("storage").GetString());
    }
}
