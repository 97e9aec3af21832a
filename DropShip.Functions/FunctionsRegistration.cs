using Azure.Communication.Email;
using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Functions;

/// <summary>What the Functions layer adds to Core: the tracking starter and, when configured, the ACS email sender.</summary>
public static class FunctionsRegistration
{
    public static IServiceCollection AddDropShipFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.AddSingleton<TrackingStarter>();

        var email = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>();
        if (email?.IsConfigured == true)
        {
            services.AddSingleton(_ => email.ConnectionString is { Length: > 0 } connection
                ? new EmailClient(connection)
                : new EmailClient(email.Endpoint!, new Azure.Identity.DefaultAzureCredential()));
            services.AddSingleton<ICustomerEmailSender, AcsCustomerEmailSender>();
        }
        return services;
    }
}
