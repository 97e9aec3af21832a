using DropShip.Core.Common;
using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
#if ACS_EMAIL
using DropShip.Email.Acs;
#endif

namespace DropShip.Functions;

/// <summary>What the Functions layer adds to Core: the tracking starter and, when configured, the ACS email sender.</summary>
public static class FunctionsRegistration
{
    /// <summary>True when this build includes the ACS email sender (its package restored; see AcsEmail.targets).</summary>
    public const bool AcsEmailIncluded =
#if ACS_EMAIL
        true;
#else
        false;
#endif

    public static IServiceCollection AddDropShipFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<EmailOptions>(configuration, EmailOptions.Section, EmailOptions.Problems);
        services.AddSingleton<TrackingStarter>();
        services.AddSingleton<TrackingSweeper>();
        services.AddSingleton<Health.AppHealth>();

#if ACS_EMAIL
        if (configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() is { IsConfigured: true } email)
            services.AddAcsCustomerEmail(email);
#endif
        return services;
    }

    /// <summary>How customer emails are sent, or why they are not: for the startup log.</summary>
    public static CustomerEmailReadiness DescribeCustomerEmail(IConfiguration configuration)
    {
        var configured = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>()?.IsConfigured == true;
        return (AcsEmailIncluded, configured) switch
        {
            (true, true) => new(true, "Customer email: Azure Communication Services."),
            (true, false) => new(false, "Customer email not configured: set Email__SenderAddress and Email__Endpoint (or Email__ConnectionString). Shipping emails are skipped and each PO says so."),
            (false, _) => new(false, "Customer email not configured: this build does not include Azure Communication Services (Azure.Communication.Email could not be restored). Shipping emails are skipped and each PO says so."),
        };
    }
}

public sealed record CustomerEmailReadiness(bool Sends, string Message);
