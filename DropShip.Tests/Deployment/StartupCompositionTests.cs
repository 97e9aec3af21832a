using System.Reflection;
using System.Text;
using DropShip.Functions;
using DropShip.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace DropShip.Tests.Deployment;

/// <summary>
/// The app composed exactly as Program.cs composes it: the real FunctionsApplication builder, DropShipApp.ConfigureDropShip
/// (which builds the container with ValidateOnBuild), then every function class created the way the worker's activator
/// creates it per invocation, and the options validated as the host validates them when it starts.
/// </summary>
public sealed class StartupCompositionTests
{
    internal static async Task<string[]> SettingsAsync(params string[] extra) =>
    [
        $"--Storage:ConnectionString={await Azurite.ConnectionStringAsync()}",
        $"--Secrets:LocalEncryptionKey={Convert.ToBase64String(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef"))}",
        .. extra,
    ];

    internal static IHost Build(string[] args, Action<FunctionsApplicationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureDropShip();
        configure?.Invoke(builder);
        return builder.Build();
    }

    [Fact]
    public async Task The_tests_composition_watches_no_configuration_file()
    {
        using var host = Build(await SettingsAsync());
        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        // LoopbackWebApp.ReadConfigurationFilesOnce: no inotify instance per host.
        Assert.DoesNotContain(root.Providers.OfType<FileConfigurationProvider>(), p => p.Source.ReloadOnChange);
    }

    public static TheoryData<string> FunctionClasses() => new(typeof(DropShipApp).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .Select(t => t.FullName!));

    [Theory]
    [MemberData(nameof(FunctionClasses))]
    public async Task Every_function_class_is_created_from_the_apps_own_container(string typeName)
    {
        using var host = Build(await SettingsAsync());
        var type = typeof(DropShipApp).Assembly.GetType(typeName)!;

        // What the worker's DefaultFunctionActivator does for each invocation, in a scope like an invocation's.
        using var scope = host.Services.CreateScope();
        Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
    }

    [Fact]
    public async Task The_composition_finds_every_function_and_validates_its_options_at_start()
    {
        Assert.True(FunctionClasses().Count >= 9);
        using var host = Build(await SettingsAsync());
        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    public static TheoryData<string[], string> BrokenSettings() => new()
    {
        { [], "Storage:ConnectionString" },
        { ["--Storage:ConnectionString=UseDevelopmentStorage=true", "--Tracking:Interval=every four hours"], "Tracking:Interval" },
        { ["--Storage:ConnectionString=UseDevelopmentStorage=true", "--Distributors:wps:BaseUrl=wps.example/"], "Distributors:wps:BaseUrl" },
        { ["--Storage:ConnectionString=UseDevelopmentStorage=true", "--Platform:WebhookUrl=ftp://platform.example/hook"], "Platform:WebhookUrl" },
        { ["--Storage:ConnectionString=UseDevelopmentStorage=true", "--Email:SenderAddress=DoNotReply@dealer.example"], "Email:Endpoint" },
    };

    [Theory]
    [MemberData(nameof(BrokenSettings))]
    public void A_missing_or_malformed_setting_stops_the_start_with_a_message_naming_it(string[] settings, string named)
    {
        // Before anything runs: the host runs these checks when it starts, ahead of any function.
        var failure = Record.Exception(() =>
        {
            using var host = Build(["--AZURE_FUNCTIONS_ENVIRONMENT=Development", .. settings]);
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        });

        Assert.NotNull(failure);
        Assert.Contains(named, failure.Message);
    }

    [Fact]
    public async Task Without_ACS_the_app_says_at_startup_that_customer_email_is_not_configured()
    {
        var registered = false;
        using var host = Build(await SettingsAsync(), b =>
        {
            b.Logging.AddFakeLogging();
            registered = b.Services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(StartupReport));
        });
        Assert.True(registered, "StartupReport runs when the host starts");
        // Created directly: resolving every hosted service would start the worker's gRPC channel to a host that is not here.
        var report = ActivatorUtilities.CreateInstance<StartupReport>(host.Services);

        await report.StartAsync(CancellationToken.None);

        var line = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Category == typeof(StartupReport).FullName);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.StartsWith("Customer email not configured", line.Message);
        Assert.Contains(FunctionsRegistration.AcsEmailIncluded ? "Email__SenderAddress" : "does not include Azure Communication Services", line.Message);
    }
}
