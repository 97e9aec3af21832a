using System.Reflection;
using System.Text.RegularExpressions;
using Azure.Identity;
using DropShip.Core.Common;
using DropShip.Functions;
using DropShip.Functions.Telemetry;
using DropShip.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace DropShip.Tests.Telemetry;

/// <summary>The metrics' way out (OpenTelemetry to Azure Monitor) and the infra that reads them, kept in step with DropShipMetrics.</summary>
public sealed partial class MetricsExportTests
{
    private static readonly string[] Instruments = typeof(DropShipMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name.EndsWith("Name", StringComparison.Ordinal) && f.Name != nameof(DropShipMetrics.MeterName))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public async Task The_composed_app_exports_the_meter_when_application_insights_is_configured()
    {
        var builder = FunctionsApplication.CreateBuilder(
        [
            $"--Storage:ConnectionString={await Azurite.ConnectionStringAsync()}",
            "--Secrets:LocalEncryptionKey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            // Loopback and a port nothing listens on: the exporter is built, nothing leaves the machine.
            "--APPLICATIONINSIGHTS_CONNECTION_STRING=InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
            "--APPLICATIONINSIGHTS_AUTHENTICATION_STRING=ClientId=11111111-1111-1111-1111-111111111111;Authorization=AAD",
        ]);
        builder.ConfigureDropShip();
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetRequiredService<MeterProvider>());
        host.Services.GetRequiredService<DropShipMetrics>().MonitorStartedBySweeper(); // recorded without an exporter error
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("Authorization=Key", false)]
    [InlineData("ClientId=11111111-1111-1111-1111-111111111111;Authorization=AAD", true)]
    [InlineData("Authorization=AAD", true)]
    public void The_authentication_string_decides_managed_identity(string? setting, bool managedIdentity) =>
        Assert.Equal(managedIdentity, MetricsExport.CredentialFor(setting) is ManagedIdentityCredential);

    [Fact]
    public void Every_metric_the_alerts_and_the_workbook_read_is_an_instrument_and_every_instrument_is_charted()
    {
        var bicep = File.ReadAllText(Repository.File("infra", "modules", "alerts.bicep"));
        var referenced = MetricName().Matches(bicep).Select(m => m.Value).Distinct().ToList();

        Assert.All(referenced, name => Assert.Contains(name, Instruments));
        Assert.All(Instruments, name => Assert.Contains(name, referenced));
        foreach (var tag in TagName().Matches(bicep).Select(m => m.Groups["tag"].Value).Distinct())
            Assert.Contains(tag, typeof(DropShipMetrics.Tags).GetFields().Select(f => (string)f.GetRawConstantValue()!));
    }

    [GeneratedRegex(@"dropship\.[a-z_.]+[a-z]")]
    private static partial Regex MetricName();

    [GeneratedRegex("""customDimensions\["(?<tag>[a-z_]+)"\]""")]
    private static partial Regex TagName();
}
