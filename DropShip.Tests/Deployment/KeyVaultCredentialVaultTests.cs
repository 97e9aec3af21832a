using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Security.KeyVault.Secrets;
using DropShip.Core;
using DropShip.Core.Caching;
using DropShip.Core.Common;
using DropShip.Core.Connections;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace DropShip.Tests.Deployment;

/// <summary>
/// The Key Vault credential store against a mocked SecretClient (virtual members, protected constructor): a dictionary
/// plays the vault, with Key Vault's case-insensitive names and its soft-delete conflict.
/// </summary>
public sealed partial class KeyVaultCredentialVaultTests : IDisposable
{
    private const string Password = "hunter2-Pa$$w0rd-do-not-log";
    private const string ApiKey = "api-key-0f9e8d7c6b5a";

    private readonly Mock<SecretClient> client = new();
    private readonly Dictionary<string, KeyVaultSecret> vault = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> softDeleted = new(StringComparer.OrdinalIgnoreCase);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<KeyVaultCredentialVault> logger = new();
    private int gets;

    public KeyVaultCredentialVaultTests()
    {
        client.Setup(c => c.SetSecretAsync(It.IsAny<KeyVaultSecret>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((KeyVaultSecret secret, CancellationToken _) =>
            {
                if (softDeleted.Contains(secret.Name))
                    throw new RequestFailedException(409, $"Secret {secret.Name} is currently in a deleted but recoverable state.", "Conflict", null);
                var stored = SecretModelFactory.KeyVaultSecret(
                    SecretModelFactory.SecretProperties(name: secret.Name, vaultUri: new Uri("https://kv-test.vault.azure.net/")), secret.Value);
                stored.Properties.ContentType = secret.Properties.ContentType;
                foreach (var (key, value) in secret.Properties.Tags) stored.Properties.Tags[key] = value;
                vault[secret.Name] = stored;
                return Response.FromValue(stored, Mock.Of<Response>());
            });
        client.Setup(c => c.GetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, string _, CancellationToken _) =>
            {
                gets++;
                return vault.TryGetValue(name, out var secret)
                    ? Response.FromValue(secret, Mock.Of<Response>())
                    : throw new RequestFailedException(404, $"A secret with (name/id) {name} was not found in this key vault.", "SecretNotFound", null);
            });
        client.Setup(c => c.StartDeleteSecretAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, CancellationToken _) =>
            {
                if (!vault.Remove(name)) throw new RequestFailedException(404, $"A secret with (name/id) {name} was not found in this key vault.", "SecretNotFound", null);
                softDeleted.Add(name);
                return Mock.Of<DeleteSecretOperation>();
            });
        client.Setup(c => c.StartRecoverDeletedSecretAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, CancellationToken _) =>
            {
                softDeleted.Remove(name);
                vault[name] = SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(name: name), "{}");
                return Mock.Of<RecoverDeletedSecretOperation>();
            });
    }

    /// <summary>The app's cache as the composition builds it, on the test's clock (one per test, as one per instance).</summary>
    private ReadCache Cache => cache ??= new ReadCache(Options.Create(new CacheOptions()), clock, NullLoggerFactory.Instance);

    private ReadCache? cache;

    // As the composition builds it: every read through the app's cache.
    private CachedCredentialVault Vault() => new(new KeyVaultCredentialVault(client.Object, clock, logger), Cache);

    public void Dispose() => cache?.Dispose();

    private static Dictionary<string, string> Credentials() => new() { ["password"] = Password, ["apiKey"] = ApiKey };

    [Fact]
    public async Task Saved_credentials_come_back_and_are_stored_as_one_tagged_json_secret()
    {
        var store = Vault();
        await store.SaveAsync("shop_1", "parts-unlimited", Credentials(), CancellationToken.None);

        var read = await store.GetAsync("shop_1", "parts-unlimited", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(Credentials().OrderBy(c => c.Key), read!.OrderBy(c => c.Key));
        var secret = Assert.Single(vault.Values);
        Assert.Equal(KeyVaultCredentialVault.SecretName("shop_1", "parts-unlimited"), secret.Name);
        Assert.Equal("application/json", secret.Properties.ContentType);
        Assert.Equal("shop_1", secret.Properties.Tags[KeyVaultCredentialVault.StoreTag]);
        Assert.Equal("parts-unlimited", secret.Properties.Tags[KeyVaultCredentialVault.DistributorTag]);
        Assert.Equal(Password, JsonSerializer.Deserialize<Dictionary<string, string>>(secret.Value)!["password"]);
    }

    [Fact]
    public async Task A_missing_secret_is_null()
    {
        Assert.Null(await Vault().GetAsync("shop-1", "wps", CancellationToken.None));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Shop")]
    [InlineData("shop")]
    [InlineData("shop_1")]
    [InlineData("shop-1")]
    [InlineData("shop__1")]
    [InlineData("shop--1")]
    [InlineData("1-2_3")]
    [InlineData("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ")]
    [InlineData("z_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_")]
    public void Secret_names_are_valid_key_vault_names(string storeId)
    {
        Assert.True(StoreId.IsValid(storeId));
        foreach (var distributor in TestDistributors.Keys.Append("Parts-Unlimited"))
        {
            var name = KeyVaultCredentialVault.SecretName(storeId, distributor);
            Assert.Matches(KeyVaultName(), name);
            Assert.InRange(name.Length, 1, 127);
        }
        // The longest store id leaves room for a 20-character distributor key.
        Assert.Equal(127, KeyVaultCredentialVault.SecretName(new string('Z', 64), new string('d', 20)).Length);
    }

    [Fact]
    public void Secret_names_are_distinct_even_compared_case_insensitively_as_key_vault_does()
    {
        // Pairs a naive "{store}-{distributor}" or "_ to -" scheme would merge, and ids differing only in case.
        string[] stores = ["Shop", "shop", "SHOP", "shop_1", "shop-1", "shop1", "shop_", "shop-", "shop-wps", "shop_wps", "shop-parts", "a", "A", "a-b", "a_b", "ab",
            new string('Z', 64), new string('z', 64), "z" + new string('_', 63), "z" + new string('-', 63)];
        string[] distributors = [.. TestDistributors.Keys, "parts", "unlimited-wps", "unlimited"];
        var owners = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var store in stores)
            foreach (var distributor in distributors)
                Assert.True(owners.TryAdd(KeyVaultCredentialVault.SecretName(store, distributor), (store, distributor)),
                    $"{store}/{distributor} collides with {owners.GetValueOrDefault(KeyVaultCredentialVault.SecretName(store, distributor))}");

        // The distributor key is matched case-insensitively by the registry, so its case must not change the name.
        Assert.Equal(KeyVaultCredentialVault.SecretName("shop", "WPS"), KeyVaultCredentialVault.SecretName("shop", "wps"));
    }

    [Fact]
    public void Secret_names_are_base32_of_the_store_id()
    {
        // RFC 4648 test vector "foobar" -> MZXW6YTBOI (lower case, unpadded).
        Assert.Equal("ds-mzxw6ytboi-wps", KeyVaultCredentialVault.SecretName("foobar", "wps"));
    }

    [Theory]
    [InlineData("", "wps")]
    [InlineData("shop/1", "wps")]
    [InlineData("shop", "")]
    [InlineData("shop", "wps_2")]
    [InlineData("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", "a-key-of-21-chars-xyz")] // 128 > 127
    public void Names_that_cannot_be_made_safely_are_refused(string storeId, string distributor)
    {
        Assert.Throws<ArgumentException>(() => KeyVaultCredentialVault.SecretName(storeId, distributor));
    }

    [Fact]
    public async Task Different_stores_never_read_each_others_credentials()
    {
        var store = Vault();
        await store.SaveAsync("Shop", "wps", Credentials(), CancellationToken.None);

        Assert.Null(await store.GetAsync("shop", "wps", CancellationToken.None));
        Assert.NotNull(await store.GetAsync("Shop", "wps", CancellationToken.None));
    }

    [Fact]
    public async Task Reads_are_cached_for_five_minutes_then_read_again()
    {
        var store = Vault();
        await store.SaveAsync("shop", "wps", Credentials(), CancellationToken.None);

        await store.GetAsync("shop", "wps", CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(4));
        var cached = await store.GetAsync("shop", "wps", CancellationToken.None);
        Assert.Equal(1, gets);
        Assert.Equal(Password, cached!["password"]);

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await store.GetAsync("shop", "wps", CancellationToken.None);
        Assert.Equal(2, gets);
    }

    [Fact]
    public async Task Concurrent_reads_of_one_secret_make_one_key_vault_call_and_a_read_overlapping_a_save_is_not_kept()
    {
        var store = Vault();
        await store.SaveAsync("shop", "wps", Credentials(), CancellationToken.None);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = vault[KeyVaultCredentialVault.SecretName("shop", "wps")];
        client.Setup(c => c.GetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string _, CancellationToken _) =>
            {
                Interlocked.Increment(ref gets);
                await answer.Task;
                return Response.FromValue(stored, Mock.Of<Response>()); // what the vault held when the read began
            });

        var reads = Enumerable.Range(0, 20).Select(_ => store.GetAsync("shop", "wps", CancellationToken.None)).ToList();
        await store.SaveAsync("shop", "wps", new Dictionary<string, string> { ["password"] = "rotated" }, CancellationToken.None);
        answer.SetResult();

        // One call for all twenty, and each of them gets what it read (from before the save).
        Assert.All(await Task.WhenAll(reads), read => Assert.Equal(Password, read!["password"]));
        Assert.Equal(1, gets);
        // The save landed while that read was in flight: it was handed over, not kept; the next read asks again.
        client.Setup(c => c.GetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, string _, CancellationToken _) => { gets++; return Response.FromValue(vault[name], Mock.Of<Response>()); });
        Assert.Equal("rotated", (await store.GetAsync("shop", "wps", CancellationToken.None))!["password"]);
        Assert.Equal(2, gets);
    }

    [Fact]
    public async Task Saving_invalidates_the_cache()
    {
        var store = Vault();
        await store.SaveAsync("shop", "wps", Credentials(), CancellationToken.None);
        await store.GetAsync("shop", "wps", CancellationToken.None);

        await store.SaveAsync("shop", "wps", new Dictionary<string, string> { ["password"] = "rotated" }, CancellationToken.None);
        var read = await store.GetAsync("shop", "wps", CancellationToken.None);

        Assert.Equal(2, gets);
        Assert.Equal("rotated", read!["password"]);
        Assert.False(read.ContainsKey("apiKey"));
    }

    [Fact]
    public async Task Misses_are_not_cached()
    {
        var store = Vault();
        Assert.Null(await store.GetAsync("shop", "wps", CancellationToken.None));
        vault[KeyVaultCredentialVault.SecretName("shop", "wps")] = SecretModelFactory.KeyVaultSecret(
            SecretModelFactory.SecretProperties(name: KeyVaultCredentialVault.SecretName("shop", "wps")), """{"password":"x"}""");

        Assert.NotNull(await store.GetAsync("shop", "wps", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_is_a_soft_delete_that_clears_the_cache_and_tolerates_a_missing_secret()
    {
        var store = Vault();
        await store.SaveAsync("shop", "wps", Credentials(), CancellationToken.None);
        await store.GetAsync("shop", "wps", CancellationToken.None);

        await store.DeleteAsync("shop", "wps", CancellationToken.None);

        client.Verify(c => c.StartDeleteSecretAsync(KeyVaultCredentialVault.SecretName("shop", "wps"), It.IsAny<CancellationToken>()), Times.Once);
        client.Verify(c => c.PurgeDeletedSecretAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Null(await store.GetAsync("shop", "wps", CancellationToken.None));
        await store.DeleteAsync("shop", "wps", CancellationToken.None); // 404 from Key Vault: nothing to do
    }

    [Fact]
    public async Task Saving_again_after_a_delete_recovers_the_soft_deleted_name_then_writes_the_new_value()
    {
        var store = Vault();
        await store.SaveAsync("shop", "wps", Credentials(), CancellationToken.None);
        await store.DeleteAsync("shop", "wps", CancellationToken.None);

        await store.SaveAsync("shop", "wps", new Dictionary<string, string> { ["password"] = "new-one" }, CancellationToken.None);

        client.Verify(c => c.StartRecoverDeletedSecretAsync(KeyVaultCredentialVault.SecretName("shop", "wps"), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal("new-one", (await store.GetAsync("shop", "wps", CancellationToken.None))!["password"]);
    }

    [Fact]
    public async Task A_secret_tagged_for_another_store_is_refused()
    {
        var name = KeyVaultCredentialVault.SecretName("shop", "wps");
        var foreign = SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(name: name), $$"""{"password":"{{Password}}"}""");
        foreign.Properties.Tags[KeyVaultCredentialVault.StoreTag] = "other-shop";
        vault[name] = foreign;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Vault().GetAsync("shop", "wps", CancellationToken.None));
        Assert.DoesNotContain(Password, error.ToString());
    }

    [Fact]
    public async Task No_secret_value_reaches_a_log_line_or_an_exception()
    {
        var store = Vault();
        await store.SaveAsync("shop", "wps", Credentials(), CancellationToken.None);
        await store.GetAsync("shop", "wps", CancellationToken.None);
        await store.GetAsync("shop", "wps", CancellationToken.None);
        await store.DeleteAsync("shop", "wps", CancellationToken.None);
        await store.SaveAsync("shop", "wps", Credentials(), CancellationToken.None);
        await store.DeleteAsync("shop", "wps", CancellationToken.None);
        await store.DeleteAsync("shop", "wps", CancellationToken.None);

        // A value that is not the JSON we wrote: the parser's own message would quote it.
        var name = KeyVaultCredentialVault.SecretName("shop", "tucker-rocky");
        vault[name] = SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(name: name), Password + " " + ApiKey);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync("shop", "tucker-rocky", CancellationToken.None));
        var truncated = SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(name: name), $$"""{"password":"{{Password}}", "apiKey": {{ApiKey}}""");
        vault[name] = truncated;
        var error2 = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync("shop", "tucker-rocky", CancellationToken.None));

        Assert.NotEmpty(logger.Collector.GetSnapshot());
        foreach (var text in new[] { error.ToString(), error2.ToString() }
                     .Concat(logger.Collector.GetSnapshot().SelectMany(r => new[] { r.Message, r.Exception?.ToString() ?? "" }
                         .Concat(r.StructuredState?.Select(s => s.Value ?? "") ?? []))))
        {
            foreach (var secretPart in new[] { Password, ApiKey, "hunter2", "0f9e8d7c6b5a" })
                Assert.DoesNotContain(secretPart, text);
        }
    }

    [Fact]
    public void The_vault_is_key_vault_when_a_uri_is_configured_and_the_local_table_otherwise()
    {
        static ICredentialVault Resolve(string? keyVaultUri)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
                ["Secrets:KeyVaultUri"] = keyVaultUri,
                ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000001",
                // Without Key Vault only Development may use the built-in key (SecretsOptions).
                ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            }).Build();
            var services = new ServiceCollection()
                .AddLogging(l => l.AddFakeLogging())
                .AddSingleton<IConfiguration>(configuration)
                .AddDropShipCore(configuration)
                .BuildServiceProvider();
            return services.GetRequiredService<ICredentialVault>();
        }

        Assert.IsType<KeyVaultCredentialVault>(Assert.IsType<CachedCredentialVault>(Resolve("https://kv-test.vault.azure.net/")).Inner);
        Assert.IsType<LocalEncryptedCredentialVault>(Assert.IsType<CachedCredentialVault>(Resolve(null)).Inner);
        Assert.IsType<LocalEncryptedCredentialVault>(Assert.IsType<CachedCredentialVault>(Resolve("")).Inner);
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex KeyVaultName();
}
