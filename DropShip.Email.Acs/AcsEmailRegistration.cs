using Azure.Communication.Email;
using DropShip.Core.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Email.Acs;

public static class AcsEmailRegistration
{
    /// <summary>Customer emails through ACS: by connection string (local) or endpoint with the app's managed identity.</summary>
    public static IServiceCollection AddAcsCustomerEmail(this IServiceCollection services, EmailOptions email)
    {
        services.AddSingleton(_ => email.ConnectionString is { Length: > 0 } connection
            ? new EmailClient(connection)
            : new EmailClient(email.Endpoint!, new Azure.Identity.DefaultAzureCredential()));
        services.AddSingleton<ICustomerEmailSender, AcsCustomerEmailSender>();
        return services;
    }
}
