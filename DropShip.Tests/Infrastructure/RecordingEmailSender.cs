using System.Collections.Concurrent;
using DropShip.Core.Tracking;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// The customer-email port with no email service behind it (ACS has no local stand-in): records what the app asked to
/// send, with the operation id that makes a repeat a no-op at the service.
/// </summary>
public sealed class RecordingEmailSender : ICustomerEmailSender
{
    private readonly ConcurrentQueue<(CustomerEmail Email, Guid OperationId)> sent = new();

    public bool Enabled => true;

    public IReadOnlyList<(CustomerEmail Email, Guid OperationId)> Sent => [.. sent];

    /// <summary>When set, every send throws it (the email service is failing).</summary>
    public Exception? FailWith { get; set; }

    public Task SendAsync(CustomerEmail email, Guid operationId, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure) return Task.FromException(failure);
        sent.Enqueue((email, operationId));
        return Task.CompletedTask;
    }
}
