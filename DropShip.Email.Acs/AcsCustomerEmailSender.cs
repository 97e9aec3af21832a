using Azure;
using Azure.Communication.Email;
using DropShip.Core.Tracking;
using Microsoft.Extensions.Options;

namespace DropShip.Email.Acs;

/// <summary>Customer emails through ACS. The operation id makes a repeated send of the same email a no-op at the service.</summary>
public sealed class AcsCustomerEmailSender(EmailClient client, IOptions<EmailOptions> options) : ICustomerEmailSender
{
    public bool Enabled => true;

    public async Task SendAsync(CustomerEmail email, Guid operationId, CancellationToken cancellationToken)
    {
        var to = email.ToName is { Length: > 0 } name ? new EmailAddress(email.To, name) : new EmailAddress(email.To);
        var message = new EmailMessage(options.Value.SenderAddress, new EmailRecipients([to]), new EmailContent(email.Subject)
        {
            PlainText = email.PlainText,
            Html = email.Html,
        });
        // Started: the 202 is enough; delivery status is the service's to track.
        await client.SendAsync(WaitUntil.Started, message, operationId, cancellationToken);
    }
}
