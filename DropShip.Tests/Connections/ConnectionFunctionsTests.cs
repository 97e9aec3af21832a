using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Functions.Connections;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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
            ["Nonce"] = row2.GetBinary("Nonce"),
            ["Ciphertext"] = row2.GetBinary("Ciphertext"),
            ["Tag"] = row2.GetBinary("Tag"),
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

    [Fact]
    public async Task Rotating_a_secret_alone_keeps_test_mode_priority_defaults_and_settings()
    {
        await using var app = await TestApp.StartAsync();
        var functions = app.Get<ConnectionFunctions>();
        Assert.Equal(201, (await PutAsync(app, "parts-unlimited", new
        {
            credentials = new { dealerNumber = "D12345", apiKey = PuKey },
            testMode = true,
            priority = 2,
            defaults = new { shipMethod = "ground" },
        })).Status);

        // The README's rotation: only the new secret.
        var rotated = await PutAsync(app, "parts-unlimited", new { credentials = new { apiKey = "pu-key-rotated-0003" } });
        Assert.Equal(200, rotated.Status);
        var view = Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "parts-unlimited")).Body;
        Assert.True(view.GetProperty("testMode").GetBoolean());
        Assert.Equal(2, view.GetProperty("priority").GetInt32());
        Assert.Equal("ground", view.GetProperty("defaults").GetProperty("shipMethod").GetString());
        Assert.Equal("D12345", view.GetProperty("settings").GetProperty("dealerNumber").GetString());
        Assert.Equal("pu-key-rotated-0003", (await app.Get<ICredentialVault>().GetAsync(app.StoreId, "parts-unlimited", default))!["apiKey"]);

        // Each field changes alone; null clears what may be cleared.
        async Task<int> PutRawAsync(string json) =>
            Http.Read(await functions.SaveConnection(Http.Request("PUT", rawBody: json), app.StoreId, "parts-unlimited")).Status;
        Assert.Equal(200, await PutRawAsync("""{"priority": null}"""));
        Assert.Equal(200, await PutRawAsync("""{"defaults": {"warehouse": null}}"""));
        view = Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "parts-unlimited")).Body;
        Assert.False(view.TryGetProperty("priority", out _));
        Assert.True(view.GetProperty("testMode").GetBoolean());
        Assert.Equal("ground", view.GetProperty("defaults").GetProperty("shipMethod").GetString());

        // An order goes where the stored test mode says: staging.
        await app.ConnectWpsAsync();
        var account = await app.Get<DistributorConnections>().GetAccountAsync(app.StoreId, app.Get<DistributorRegistry>().Find("parts-unlimited")!, default);
        Assert.True(account!.TestMode);
    }

    [Fact]
    public async Task A_client_that_leaves_nulls_out_clears_a_default_and_the_priority_by_naming_them_in_clear()
    {
        await using var app = await TestApp.StartAsync();
        var functions = app.Get<ConnectionFunctions>();
        async Task<(int Status, JsonElement Body)> PutAsync(object body)
        {
            var (status, json, _, _) = Http.Read(await functions.SaveConnection(Http.Request("PUT", body), app.StoreId, "wps"));
            return (status, json);
        }
        async Task<JsonElement> ViewAsync() => Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "wps")).Body;
        Assert.Equal(201, (await PutAsync(new { credentials = new { apiToken = "wps-token-1" }, defaults = new { shipMethod = "BEST", warehouse = "CA" }, priority = 3 })).Status);

        // What a generated client sends: no nulls anywhere.
        Assert.Equal(200, (await PutAsync(new { clear = new[] { "defaults.shipMethod", "priority" } })).Status);
        var view = await ViewAsync();
        Assert.False(view.GetProperty("defaults").TryGetProperty("shipMethod", out _));
        Assert.Equal("CA", view.GetProperty("defaults").GetProperty("warehouse").GetString());
        Assert.False(view.TryGetProperty("priority", out _));
        Assert.Contains(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("type").GetString() == ConnectionChangeTypes.PriorityChanged);

        // A value and a clear of the same field, or a name that cannot be cleared: a 400 naming it, nothing changed.
        foreach (var (body, field, code) in new (object, string, string)[]
                 {
                     (new { defaults = new { warehouse = "TX" }, clear = new[] { "defaults.warehouse" } }, "clear[0]", ErrorCodes.InvalidValue),
                     (new { clear = new[] { "credentials.apiToken" } }, "clear[0]", ErrorCodes.InvalidValue),
                     (new { clear = new[] { "priority", "priority" } }, "clear[1]", ErrorCodes.Duplicate),
                     (new { clear = Array.Empty<string>() }, "body", ErrorCodes.EmptyUpdate),
                 })
        {
            var (status, json) = await PutAsync(body);
            Assert.Equal(400, status);
            Assert.Equal(ErrorCodes.InvalidRequest, json.GetProperty("code").GetString());
            Assert.Equal((field, code), (json.GetProperty("errors")[0].GetProperty("field").GetString(), json.GetProperty("errors")[0].GetProperty("code").GetString()));
        }
        Assert.Equal("CA", (await ViewAsync()).GetProperty("defaults").GetProperty("warehouse").GetString());

        // Null still clears too.
        Assert.Equal(200, Http.Read(await functions.SaveConnection(Http.Request("PUT", rawBody: """{"defaults": {"warehouse": null}}"""), app.StoreId, "wps")).Status);
        Assert.False((await ViewAsync()).GetProperty("defaults").TryGetProperty("warehouse", out _));
    }

    [Theory]
    [InlineData("{}", "body", "EMPTY_UPDATE")]
    [InlineData("{\"testmod\": false}", null, "MALFORMED_JSON")]
    [InlineData("{\"testMode\": \"no\"}", null, "MALFORMED_JSON")]
    [InlineData("{\"testMode\": null}", null, "MALFORMED_JSON")]
    [InlineData("{\"defaults\": {\"shipVia\": \"BEST\"}}", null, "MALFORMED_JSON")]
    [InlineData("{\"priority\": 0}", "priority", "OUT_OF_RANGE")]
    [InlineData("[]", null, "MALFORMED_JSON")]
    public async Task A_body_that_is_not_a_connection_update_is_a_400_and_changes_nothing(string body, string? field, string code)
    {
        await using var app = await TestApp.StartAsync();
        await app.ConnectPartsUnlimitedAsync(testMode: true);
        var functions = app.Get<ConnectionFunctions>();
        var before = Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "parts-unlimited")).Raw;

        var (status, json, _, _) = Http.Read(await functions.SaveConnection(Http.Request("PUT", rawBody: body), app.StoreId, "parts-unlimited"));

        Assert.Equal(400, status);
        Assert.Equal(code == "MALFORMED_JSON" ? code : "INVALID_REQUEST", json.GetProperty("code").GetString());
        if (field is not null) Assert.Equal((field, code), (json.GetProperty("errors")[0].GetProperty("field").GetString(), json.GetProperty("errors")[0].GetProperty("code").GetString()));
        if (body.Contains("testmod\"", StringComparison.Ordinal)) Assert.Contains("testmod", json.GetProperty("detail").GetString()); // names the unknown field
        if (body.Contains("shipVia", StringComparison.Ordinal)) Assert.Contains("defaults.shipVia", json.GetProperty("detail").GetString());
        Assert.Equal(before, Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "parts-unlimited")).Raw);
    }

    [Fact]
    public async Task Switching_test_mode_is_explicit_and_each_change_is_in_the_history_with_its_time()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var functions = app.Get<ConnectionFunctions>();
        await PutAsync(app, "parts-unlimited", new { credentials = new { dealerNumber = "D12345", apiKey = PuKey } });
        clock.Advance(TimeSpan.FromHours(1));
        await PutAsync(app, "parts-unlimited", new { testMode = true });
        clock.Advance(TimeSpan.FromHours(1));
        await PutAsync(app, "parts-unlimited", new { testMode = true }); // no change: no entry
        await PutAsync(app, "parts-unlimited", new { credentials = new { apiKey = "pu-key-rotated-0004" } });
        clock.Advance(TimeSpan.FromHours(1));
        await PutAsync(app, "parts-unlimited", new { testMode = false });

        var view = Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "parts-unlimited"));
        var history = view.Body.GetProperty("history").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString(), e.GetProperty("at").GetDateTimeOffset().Hour)).ToList();
        Assert.Equal([("TestModeOff", 12), ("CredentialsChanged", 11), ("TestModeOn", 10), ("Created", 9)], history);
        Assert.DoesNotContain("pu-key-rotated-0004", view.Raw);
        Assert.DoesNotContain(PuKey, view.Raw);

        // The history outlives the connection: deleting is an entry too.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(204, Http.Read(await functions.DeleteConnection(Http.Request("DELETE"), app.StoreId, "parts-unlimited")).Status);
        clock.Advance(TimeSpan.FromHours(1));
        await PutAsync(app, "parts-unlimited", new { credentials = new { dealerNumber = "D12345", apiKey = PuKey } });
        var again = Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "parts-unlimited")).Body.GetProperty("history");
        Assert.Equal(["Created", "Deleted", "TestModeOff"], again.EnumerateArray().Take(3).Select(e => e.GetProperty("type").GetString()).ToList());
        // The list shows connections only, never history rows.
        Assert.Single(await functions.ListConnectionsItems(app));
    }

    [Fact]
    public async Task The_history_reads_changes_of_one_instant_in_reverse_write_order_and_rows_written_before_the_one_history_scheme()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var functions = app.Get<ConnectionFunctions>();
        // A row as the audit trail wrote it before it shared the PO timeline's scheme (the change in three columns): older
        // than anything written since, and still read in its place.
        var earlier = new TableEntity(app.StoreId, $"~history|wps|{Core.Storage.KeyEncoding.InvertedTicks(clock.GetUtcNow().AddDays(-1))}|{Guid.NewGuid():N}")
        {
            ["At"] = clock.GetUtcNow().AddDays(-1),
            ["Type"] = ConnectionChangeTypes.TestModeOn,
            ["Message"] = "Test mode switched on.",
        };
        await PutAsync(app, "wps", new { credentials = new { apiToken = WpsToken } });
        await app.Get<TableServiceClient>().GetTableClient(DistributorConnections.TableName).AddEntityAsync(earlier);
        clock.Advance(TimeSpan.FromHours(1));
        // Several changes in one PUT share their instant: newest first, the last written comes first, every time.
        await PutAsync(app, "wps", new { defaults = new { shipMethod = "BEST" }, priority = 1 });

        var history = Http.Read(await functions.GetConnection(Http.Request("GET"), app.StoreId, "wps")).Body.GetProperty("history")
            .EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal([ConnectionChangeTypes.PriorityChanged, ConnectionChangeTypes.DefaultsChanged, ConnectionChangeTypes.Created, ConnectionChangeTypes.TestModeOn], history);
    }

    [Theory]
    [InlineData("wps", "apiToken", "token with spaces")]
    [InlineData("wps", "apiToken", "tökén")]
    [InlineData("tucker-rocky", "apiKey", "key\twith-tab")]
    [InlineData("parts-unlimited", "dealerNumber", "D1\u00e9")]
    public async Task A_secret_or_account_number_the_distributor_cannot_carry_is_refused_when_saved(string distributor, string field, string value)
    {
        await using var app = await TestApp.StartAsync();
        var credentials = distributor switch
        {
            "wps" => new Dictionary<string, string?> { ["apiToken"] = "t" },
            "tucker-rocky" => new() { ["customerNumber"] = "C1", ["apiKey"] = "k" },
            _ => new() { ["dealerNumber"] = "D1", ["apiKey"] = "k" },
        };
        credentials[field] = System.Text.RegularExpressions.Regex.Unescape(value);
        var (status, body, _) = await PutAsync(app, distributor, new { credentials });
        Assert.Equal(400, status);
        Assert.Equal(($"credentials.{field}", "ILLEGAL_CHARACTERS"), (body.GetProperty("errors")[0].GetProperty("field").GetString(), body.GetProperty("errors")[0].GetProperty("code").GetString()));
        Assert.Empty(await app.Get<ConnectionFunctions>().ListConnectionsItems(app));
    }

    [Theory]
    [InlineData("wps", "BEST-GROUND-1", null)] // WPS ship_via is at most 10
    [InlineData("tucker-rocky", "UPS2", "UPS2,X")] // Tucker's carrier code is at most 4, and its separators are refused
    [InlineData("parts-unlimited", null, "ground")] // PU takes no warehouse
    public async Task Defaults_are_checked_against_the_distributor_when_saved(string distributor, string? badShipMethod, string? other)
    {
        await using var app = await TestApp.StartAsync();
        var credentials = distributor switch
        {
            "wps" => new Dictionary<string, string?> { ["apiToken"] = "t" },
            "tucker-rocky" => new() { ["customerNumber"] = "C1", ["apiKey"] = "k" },
            _ => new() { ["dealerNumber"] = "D1", ["apiKey"] = "k" },
        };
        if (badShipMethod is not null && distributor == "wps")
            Assert.Equal("defaults.shipMethod", (await PutAsync(app, distributor, new { credentials, defaults = new { shipMethod = badShipMethod } })).Body.GetProperty("errors")[0].GetProperty("field").GetString());
        if (distributor == "tucker-rocky")
        {
            Assert.Equal(201, (await PutAsync(app, distributor, new { credentials, defaults = new { shipMethod = badShipMethod } })).Status);
            Assert.Equal("ILLEGAL_CHARACTERS", (await PutAsync(app, distributor, new { defaults = new { shipMethod = "U,2" } })).Body.GetProperty("errors")[0].GetProperty("code").GetString());
            Assert.Equal("TOO_LONG", (await PutAsync(app, distributor, new { defaults = new { shipMethod = other } })).Body.GetProperty("errors")[0].GetProperty("code").GetString());
        }
        if (distributor == "parts-unlimited")
            Assert.Equal(("defaults.warehouse", "NOT_SUPPORTED"), ((await PutAsync(app, distributor, new { credentials, defaults = new { shipMethod = other, warehouse = "WI" } })).Body.GetProperty("errors")[0] is var e
                ? (e.GetProperty("field").GetString(), e.GetProperty("code").GetString()) : default));
    }
}

internal static class ConnectionFunctionsExtensions
{
    public static async Task<List<System.Text.Json.JsonElement>> ListConnectionsItems(this ConnectionFunctions functions, TestApp app) =>
        Http.Read(await functions.ListConnections(Http.Request("GET"), app.StoreId)).Body.GetProperty("items").EnumerateArray().ToList();
}
