using System.Net;
using System.Text.Json;
using DropShip.Core;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using DropShip.Functions;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Tests.Deployment;

/// <summary>Settings are checked when the app starts (ValidateOnStart), and the local sample can never reach a real distributor.</summary>
public class SettingsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Secrets:LocalEncryptionKey"] = Convert.ToBase64String(new byte[32]),
    };

    /// <summary>What the host does at start: runs every ValidateOnStart check.</summary>
    private static void Start(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddDropShipCore(configuration).AddDropShipFunctions(configuration).BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    private static string StartFails(Dictionary<string, string?> settings) =>
        Assert.ThrowsAny<Exception>(() => Start(settings)).ToString();

    private static Dictionary<string, string?> ValidWith(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in changes) settings[key] = value;
        return settings;
    }

    [Fact]
    public void Valid_settings_start()
    {
        Start(Valid);
        Start(ValidWith(("Secrets:LocalEncryptionKey", null), ("AZURE_FUNCTIONS_ENVIRONMENT", "Development")));
        Start(ValidWith(("Secrets:LocalEncryptionKey", null), ("Secrets:KeyVaultUri", "https://kv-test.vault.azure.net/")));
        // What the Bicep sets before the platform's URL is known: an empty webhook URL (events wait in the outbox).
        Start(ValidWith(("Platform:WebhookUrl", ""), ("Platform:WebhookSecret", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x)")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_the_built_in_credential_key_refuses_to_start_naming_the_settings(string? environment)
    {
        var message = StartFails(ValidWith(("Secrets:LocalEncryptionKey", null), ("AZURE_FUNCTIONS_ENVIRONMENT", environment)));
        Assert.Contains("Secrets:KeyVaultUri", message);
        Assert.Contains("Secrets:LocalEncryptionKey", message);
        Assert.Contains("development key", message);
    }

    [Theory]
    [InlineData("Storage:ConnectionString", null, "Storage:ConnectionString")]
    [InlineData("Secrets:LocalEncryptionKey", "c2hvcnQ=", "Secrets:LocalEncryptionKey")]
    [InlineData("Distributors:wps:OrderTimeout", "soon", "Distributors:wps:OrderTimeout")]
    [InlineData("Distributors:tucker-rocky:LookupTimeout", "-00:00:05", "Distributors:tucker-rocky:LookupTimeout")]
    [InlineData("Distributors:automatic:BaseUrl", "automatic/orders", "Distributors:automatic:BaseUrl")]
    [InlineData("Distributors:parts-unlimited:BreakerFailureRatio", "2", "Distributors:parts-unlimited:BreakerFailureRatio")]
    [InlineData("Platform:WebhookUrl", "https://platform.example/hooks", "Platform:WebhookSecret")]
    [InlineData("Platform:OutboxTable", "outbox-table", "Platform:OutboxTable")]
    [InlineData("Distributors:wps:PerHour", "0", "Distributors:wps:PerHour")]
    [InlineData("Distributors:tucker-rocky:PerDay", "-5", "Distributors:tucker-rocky:PerDay")]
    [InlineData("Distributors:wps:PerDay", "lots", "Distributors:wps:PerDay")]
    [InlineData("Budgets:Table", "budget-table", "Budgets:Table")]
    [InlineData("Feeds:MaxRemovedShare", "1.5", "Feeds:MaxRemovedShare")]
    [InlineData("Cache:LiveStock", "02:00:00", "Cache:LiveStock")]
    [InlineData("Cache:Secrets", "-00:00:01", "Cache:Secrets")]
    [InlineData("Cache:MaxEntries", "0", "Cache:MaxEntries")]
    [InlineData("LiveStock:CacheFor", "00:01:00", "Cache:LiveStock")] // moved: a leftover is named, not ignored
    [InlineData("ReadCache:Connections", "00:00:10", "Cache:Connections")]
    public void A_missing_or_malformed_setting_fails_at_start_naming_the_setting(string key, string? value, string named)
    {
        Assert.Contains(named, StartFails(ValidWith((key, value))));
    }

    [Fact]
    public void Every_host_the_local_sample_configures_is_loopback_and_every_distributor_has_its_hosts_there()
    {
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "DropShip.Functions", "local.settings.sample.json")))
            .RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

        var urls = values.Where(v => Uri.TryCreate(v.Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https").ToList();
        Assert.NotEmpty(urls);
        foreach (var (name, value) in urls)
        {
            var host = new Uri(value!).Host;
            Assert.True(host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)), $"{name} points at {host}, not this machine.");
        }

        // Every distributor of the app's one list has its production host, and its test host where it has a test mode, set under
        // its key's section (the adapters' defaults are real hosts); no other distributor section is there (a former name or a typo).
        using var app = new ServiceCollection().AddLogging().AddDropShipCore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" }).Build()).BuildServiceProvider();
        var adapters = app.GetServices<IDistributor>().ToDictionary(d => d.Profile.Key);
        var expected = new List<string>();
        foreach (var distributor in DistributorModules.All)
        {
            var section = distributor.Section.Replace(":", "__", StringComparison.Ordinal);
            expected.Add($"{section}__BaseUrl");
            if (adapters[distributor.Key].Profile.HasTestMode) expected.Add($"{section}__TestBaseUrl");
        }
        Assert.All(expected, setting => Assert.Contains(setting, values.Keys));
        Assert.All(values.Keys.Where(k => k.StartsWith(DistributorModule.SectionRoot + "__", StringComparison.Ordinal)),
            setting => Assert.Contains(DistributorModules.All, d => setting.StartsWith(d.Section.Replace(":", "__", StringComparison.Ordinal) + "__", StringComparison.Ordinal)));

        // And the sample itself starts (Development: the built-in credential key is allowed there only).
        Start(values.ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => string.IsNullOrEmpty(v.Value) ? null : v.Value));
    }

}
