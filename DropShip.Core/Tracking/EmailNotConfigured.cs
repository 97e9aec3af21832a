namespace DropShip.Core.Tracking;

/// <summary>No email service configured (typical locally): shipping emails are skipped and the PO timeline says so.</summary>
public sealed class EmailNotConfigured : ICustomerEmailSender
{
    public bool Enabled => false;

    public Task SendAsync(CustomerEmail email, Guid operationId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Email is not configured.");
}
