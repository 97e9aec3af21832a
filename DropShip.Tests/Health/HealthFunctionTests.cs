using Azure.Data.Tables;
using DropShip.Functions.Health;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DropShip.Tests.Health;

public class HealthFunctionTests
{
    [Fact]
    public async Task Serving_with_the_degraded_parts_named_and_the_missing_email_logged_once_inside_an_invocation()
    {
        await using var app = await TestApp.StartAsync();
        var (status, body, raw, _) = Http.Read(await app.Get<HealthFunction>().Health(Http.Request("GET")));
        Http.Read(await app.Get<HealthFunction>().Health(Http.Request("GET")));

        Assert.Equal(200, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.Equal("reachable", body.GetProperty("storage").GetString());
        Assert.Equal("notConfigured", body.GetProperty("email").GetString());
        Assert.Equal("localEncrypted", body.GetProperty("secrets").GetString());
        Assert.Empty(body.GetProperty("openCircuits").EnumerateArray());
        Assert.Equal(["email", "secrets"], body.GetProperty("degraded").EnumerateArray().Select(d => d.GetProperty("part").GetString()));
        Assert.DoesNotContain("0123456789abcdef", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(app.StoreId, raw, StringComparison.Ordinal);
        // Logged by the health call (an invocation), once per instance however often health is asked.
        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Category == typeof(AppHealth).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Customer email not configured", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_503_when_storage_is_unreachable()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        var unreachable = new TableServiceClient(new Uri("http://127.0.0.1:9/devstoreaccount1"), new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])),
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton(unreachable));
        var (status, body, _, _) = Http.Read(await app.Get<HealthFunction>().Health(Http.Request("GET")));
        Assert.Equal(503, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("unreachable", body.GetProperty("storage").GetString());
    }
}
