using System.Text;
using Azure.Data.Tables;
using DropShip.Core.Connections;
using DropShip.Functions.Connections;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Connections;

public class ConnectionFunctionsTests
{
    private const string WpsToken = "wps-token-very-secret-0001";
    private const string PuKey = "pu-key-very-secret-0002";

    private static async Task<(int Status, System.Text.Json.JsonElement Body, string Raw)> PutAsync(TestApp app, string distributor, object body, string? store = null)
    {
        var (status, json, raw, _) = Http.Read(await app.Get<ConnectionFunctions>().SaveConnection(Http.Request("PUT", body), store ?? app.StoreId, distributor));
        return (status, json, raw);
    }

    [Fact]
    public async Task Connections_are_saved_read_listed_and_deleted_without_ever_returning_a_secret()
    {
        await using var app = await TestApp.StartAsync();
        var functions = app.Get<ConnectionFunctions>();

        var created = await PutAsync(app, "wps", new { credentials = new { apiToken = WpsToken }, defaults = new { shipMethod = "BEST", warehouse = "CA" } });
        Assert.Equal(201, created.Status);
        var updated = await PutAsync(app, "parts-unlimited", new { credentials = new { dealerNumber = "D12345", apiKey = PuKey }, testMode = true });
        Assert.Equal(201, updated.Status);
        Assert.Equal(200, (await PutAsync(app, "parts-unlimited", new { credentials = new { dealerNumber = "D12345" }, testMode = true })).Status); // secret kept

        var one = Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "parts-unlimited"));
        Assert.Equal(200, one.Status);
        Assert.True(one.Body.GetProperty("testMode").GetBoolean());
        Assert.Equal("D12345", one.Body.GetProperty("settings").GetProperty("dealerNumber").GetString());
        Assert.Equal("apiKey", Assert.Single(one.Body.GetProperty("secretsConfigured").EnumerateArray()).GetString());

        var list = Http.Read(await functions.ListConnections(Http.Request("GET"), app.StoreId));
        Assert.Equal(2, list.Body.GetProperty("items").GetArrayLength());

        foreach (var raw in new[] { created.Raw, updated.Raw, one.Raw, list.Raw })
        {
            Assert.DoesNotContain(WpsToken, raw);
            Assert.DoesNotContain(PuKey, raw);
        }
        Assert.DoesNotContain(app.Logs.GetSnapshot(), l => l.Message.Contains(WpsToken) || l.Message.Contains(PuKey));

        Assert.Equal(204, Http.Read(await functions.DeleteConnection(Http.Request("DELETE"), app.StoreId, "wps")).Status);
        Assert.Equal(404, Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "wps")).Status);
        Assert.Equal(404, Http.Read(await functions.DeleteConnection(Http.Request("DELETE"), app.StoreId, "wps")).Status);
    }

    [Fact]
    public async Task Secrets_are_encrypted_at_rest_and_bound_to_their_store()
    {
        await using var app = await TestApp.StartAsync();
        await PutAsync(app, "wps", new { credentials = new { apiToken = WpsToken } });

        var tables = await Azurite.TablesAsync();
        foreach (var name in new[] { LocalEncryptedCredentialVault.TableName, DistributorConnections.TableName })
            await foreach (var row in tables.GetTableClient(name).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {app.StoreId}")))
                foreach (var value in ((IDictionary<string, object>)row).Values)
                {
                    var text = value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() ?? "";
                    Assert.DoesNotContain(WpsToken, text);
                }

        // A ciphertext row copied to another store does not decrypt (the store is bound into the encryption).
        var vault = app.Get<ICredentialVault>();
        var row2 = (await tables.GetTableClient(LocalEncryptedCredentialVault.TableName).GetEntityAsync<TableEntity>(app.StoreId, "wps")).Value;
        var other = "other-" + app.StoreId;
        await tables.GetTableClient(LocalEncryptedCredentialVault.TableName).UpsertEntityAsync(new TableEntity(other, "wps")
        {
            ["Nonce"] = row2.GetBinary("Nonce"), ["Ciphertext"] = row2.GetBinary("Ciphertext"), ["Tag"] = row2.GetBinary("Tag"),
        });
        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(() => vault.GetAsync(other, "wps", default));
        Assert.Equal(WpsToken, (await vault.GetAsync(app.StoreId, "wps", default))!["apiToken"]);
    }

    [Fact]
    public async Task Wps_has_no_test_mode_and_bad_input_is_400_naming_the_field()
    {
        await using var app = await TestApp.StartAsync();
        var noTest = await PutAsync(app, "wps", new { credentials = new { apiToken = WpsToken }, testMode = true });
        Assert.Equal(400, noTest.Status);
        Assert.Equal("testMode", noTest.Body.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains("WPS has no test mode", noTest.Body.GetProperty("detail").GetString()!.Replace("Western Power Sports", "WPS"));

        Assert.Equal("credentials.apiToken", (await PutAsync(app, "wps", new { credentials = new { } })).Body.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("credentials.apiKey", (await PutAsync(app, "parts-unlimited", new { credentials = new { dealerNumber = "D1" } })).Body.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("credentials.password", (await PutAsync(app, "wps", new { credentials = new { apiToken = "t", password = "x" } })).Body.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("credentials.apiToken", (await PutAsync(app, "wps", new { credentials = new { apiToken = new string('t', 201) } })).Body.GetProperty("errors")[0].GetProperty("field").GetString());
        var unknown = await PutAsync(app, "turn14", new { credentials = new { apiToken = "t" } });
        Assert.Equal(400, unknown.Status);
        Assert.Equal("UNKNOWN_DISTRIBUTOR", unknown.Body.GetProperty("errors")[0].GetProperty("code").GetString());

        var functions = app.Get<ConnectionFunctions>();
        Assert.Equal(400, Http.Read(await functions.SaveConnection(Http.Request("PUT", rawBody: "{\"credentials\": 5}"), app.StoreId, "wps")).Status);
        Assert.Equal(400, Http.Read(await functions.GetConnection(Http.Request("GET"), "bad/store", "wps")).Status);
        Assert.Empty(await functions.ListConnectionsItems(app));
    }

    [Fact]
    public async Task Store_a_cannot_read_change_or_delete_store_b_connections()
    {
        await using var app = await TestApp.StartAsync();
        var storeB = "b-" + app.StoreId;
        await PutAsync(app, "wps", new { credentials = new { apiToken = WpsToken } }, storeB);
        var functions = app.Get<ConnectionFunctions>();

        Assert.Equal(404, Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "wps")).Status);
        Assert.Equal(0, Http.Read(await functions.ListConnections(Http.Request("GET"), app.StoreId)).Body.GetProperty("items").GetArrayLength());
        Assert.Equal(404, Http.Read(await functions.DeleteConnection(Http.Request("DELETE"), app.StoreId, "wps")).Status);
        Assert.Equal(404, Http.Read(await functions.VerifyConnection(Http.Request("POST"), app.StoreId, "wps")).Status);
        Assert.Equal(200, Http.Read(await functions.GetConnection(Http.Request("GET"), storeB, "wps")).Status);
    }

    [Fact]
    public async Task Verify_reports_ok_or_invalid_credentials_without_placing_anything()
    {
        await using var app = await TestApp.StartAsync();
        var functions = app.Get<ConnectionFunctions>();
        await PutAsync(app, "wps", new { credentials = new { apiToken = WpsToken } });
        await PutAsync(app, "parts-unlimited", new { credentials = new { dealerNumber = "D1", apiKey = "invalid-key" } });

        Assert.Equal("Ok", Http.Read(await functions.VerifyConnection(Http.Request("POST"), app.StoreId, "wps")).Body.GetProperty("outcome").GetString());
        Assert.Equal("InvalidCredentials", Http.Read(await functions.VerifyConnection(Http.Request("POST"), app.StoreId, "parts-unlimited")).Body.GetProperty("outcome").GetString());
        Assert.All(app.Sandbox.Requests.All, r => Assert.Equal("GET", r.Method));
    }
}

internal static class ConnectionFunctionsExtensions
{
    public static async Task<List<System.Text.Json.JsonElement>> ListConnectionsItems(this ConnectionFunctions functions, TestApp app) =>
        Http.Read(await functions.ListConnections(Http.Request("GET"), app.StoreId)).Body.GetProperty("items").EnumerateArray().ToList();
}
