using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DropShip.Functions;

/// <summary>Says at startup what this instance can and cannot do, so a missing capability is never a surprise later.</summary>
public sealed partial class StartupReport(IConfiguration configuration, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var email = FunctionsRegistration.DescribeCustomerEmail(configuration);
        if (email.Sends) EmailReady(email.Message);
        else EmailWarning(email.Message);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Email}")]
    private partial void EmailWarning(string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Email}")]
    private partial void EmailReady(string email);
}
